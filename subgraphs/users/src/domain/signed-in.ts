// The account a request acts for: the SDL marks these fields @authenticated (the router refuses anonymous callers
// first) and the subgraph checks again, since a credential may reach it without the router's checks.
import { unauthenticated } from "@shop/shared/errors";
import type { Caller } from "@shop/shared/identity";

/** The caller's user id (lower-cased, as stored), or UNAUTHENTICATED. */
export function signedInUser(caller: Caller): string {
  if (!caller.userId) throw unauthenticated();
  return caller.userId.toLowerCase();
}
