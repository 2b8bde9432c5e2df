// How a session's refresh token moves between the browser, the router and the users service (docs/security.md,
// sessions). The browser holds it in an HttpOnly cookie the router reads and sets; the router hands it to the
// session subgraph in a request header and takes a new one back in a response header, so it never appears in a
// GraphQL response body. Both headers travel only between the router and its session subgraph, on mutations.

/** Router -> session subgraph: the refresh token from the caller's cookie. */
export const REFRESH_TOKEN_HEADER = "x-shop-refresh-token";
/** Router -> session subgraph: the `sid` of the caller's access token (log-out of an API client without a cookie). */
export const SESSION_ID_HEADER = "x-shop-session-id";
/**
 * Session subgraph -> router: the cookie to set (`<token>;<expiry epoch ms>;<session id>;<user id>`), or empty to
 * clear it. The ids let the router know the new session is open without asking (no check on the next request).
 */
export const SESSION_GRANT_HEADER = "x-shop-session-grant";

/** What the session subgraph asks the router to do with the cookie. */
export type SessionGrant = { refreshToken: string; expiresAt: Date; sessionId: string; userId: string } | { clear: true };

export function encodeSessionGrant(grant: SessionGrant): string {
  return "clear" in grant ? "" : `${grant.refreshToken};${grant.expiresAt.getTime()};${grant.sessionId};${grant.userId}`;
}

/** The grant a header value carries; undefined for a missing or malformed one. */
export function decodeSessionGrant(value: string | undefined): SessionGrant | undefined {
  if (value === undefined) return undefined;
  if (value === "") return { clear: true };
  const match = /^([A-Za-z0-9_-]{16,200});(\d{1,16});([0-9a-f-]{36});([0-9a-f-]{36})$/.exec(value);
  return match ? { refreshToken: match[1]!, expiresAt: new Date(Number(match[2])), sessionId: match[3]!, userId: match[4]! } : undefined;
}

export { SESSION_CHECK_ISSUER } from "./identity.ts";
/** The internal query field the router asks whether an access token's session is still open. */
export const SESSION_CHECK_QUERY = "query SessionActive($id: ID!, $userId: ID!) { _sessionActive(id: $id, userId: $userId) }";
