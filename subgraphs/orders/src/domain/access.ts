// Who the caller is: every rule of the orders service starts from the identity the router vouched for.
import { unauthenticated } from "@shop/shared/errors";
import type { Caller } from "@shop/shared/identity";
import { SCOPES } from "@shop/shared/scopes";
import { hasScope } from "@shop/shared/service-caller";

/** The logged-in user's id (lower-cased); UNAUTHENTICATED for an anonymous caller. */
export function requireUser(caller: Caller): string {
  if (!caller.userId) throw unauthenticated();
  return caller.userId.toLowerCase();
}

/** True when the caller is logged in as `userId`. */
export function isUser(caller: Caller, userId: string): boolean {
  return caller.userId !== null && caller.userId.toLowerCase() === userId.toLowerCase();
}

/** True when the caller may read the order of `buyerId`: the buyer, or a signed-in staff member with orders:manage. */
export function mayReadOrderOf(caller: Caller, buyerId: string): boolean {
  return isUser(caller, buyerId) || (caller.userId !== null && hasScope(caller, SCOPES.ordersManage));
}
