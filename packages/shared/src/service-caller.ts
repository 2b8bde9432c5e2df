// Access checks on the verified caller: internal fields answer only the service whose signed credential names it as
// the issuer; staff operations only an end user whose credential carries the scope.
import { forbidden, unauthenticated } from "./errors.ts";
import type { Caller } from "./identity.ts";

/**
 * Throws FORBIDDEN unless the caller is one of `services` (never "router": internal fields are also marked
 * @inaccessible, so the router's API schema does not offer them, and this check refuses them regardless).
 */
export function requireService(caller: Caller, ...services: string[]): void {
  if (!services.includes(caller.issuer)) throw forbidden("This field is internal to the shop's services");
}

/** True when the caller's end user holds `scope`. */
export function hasScope(caller: Caller, scope: string): boolean {
  return caller.scopes?.includes(scope) ?? false;
}

/**
 * The caller's user id when they hold `scope`: UNAUTHENTICATED when anonymous, FORBIDDEN without the scope. Subgraphs
 * call it on their staff write paths even though the router enforces @requiresScopes first (defence in depth).
 */
export function requireScope(caller: Caller, scope: string): string {
  if (!caller.userId) throw unauthenticated();
  if (!hasScope(caller, scope)) throw forbidden(`This needs the ${scope} scope`);
  return caller.userId.toLowerCase();
}
