// Internal fields: a subgraph serves them only to the service whose signed credential names it as the issuer.
import { forbidden } from "./errors.ts";
import type { Caller } from "./identity.ts";

/**
 * Throws FORBIDDEN unless the caller is one of `services` (never "router": internal fields are also marked
 * @inaccessible, so the router's API schema does not offer them, and this check refuses them regardless).
 */
export function requireService(caller: Caller, ...services: string[]): void {
  if (!services.includes(caller.issuer)) throw forbidden("This field is internal to the shop's services");
}
