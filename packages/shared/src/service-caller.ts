// Access checks on the verified caller: internal fields answer only the service whose signed credential names it as
// the issuer; staff operations only an end user whose credential carries the scope.
import { forbidden, unauthenticated } from "./errors.ts";
import type { Caller } from "./identity.ts";
import { getOrCreate } from "./memo.ts";

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

/**
 * A receiving subgraph's allow-list: for each caller it accepts (by issuer), the root fields it may select, or
 * "public" for the router, which may select any field that no other caller is listed for (the internal ones). A
 * caller not listed is refused whatever its credential; so is a service selecting a field it is not listed for.
 */
export type CallerAllowList = Readonly<Record<string, "public" | readonly string[]>>;

/** The allow-list's internal fields: those listed for some service. */
function internalFields(allowList: CallerAllowList): Set<string> {
  return new Set(Object.values(allowList).flatMap((fields) => (fields === "public" ? [] : fields)));
}

const internalByList = new WeakMap<CallerAllowList, Set<string>>();

/** True when the allow-list accepts `issuer` at all. */
export function isAllowedCaller(allowList: CallerAllowList, issuer: string): boolean {
  return Object.hasOwn(allowList, issuer);
}

/**
 * Throws FORBIDDEN unless `caller` may select each of `rootFields` (`__typename` is always allowed): a service only
 * its listed fields, the router only fields that are not internal.
 */
export function requireAllowedFields(allowList: CallerAllowList, caller: Caller, rootFields: Iterable<string>): void {
  const allowed = isAllowedCaller(allowList, caller.issuer) ? allowList[caller.issuer] : [];
  const internal = getOrCreate(internalByList, allowList, () => internalFields(allowList));
  for (const field of rootFields) {
    if (field === "__typename") continue;
    const ok = allowed === "public" ? !internal.has(field) : allowed!.includes(field);
    if (!ok) throw forbidden("This field is internal to the shop's services");
  }
}
