// What the router knows about a request while it plans and fetches.
import type { SessionGrant } from "@shop/shared/session-transport";

export interface SubgraphFetch {
  subgraph: string;
  durationMs: number;
  ok: boolean;
  /** Attempts made: more than 1 when a query's fetch was retried after a connection error. */
  attempts: number;
  /** Not fetched: served from the subgraph cache, or shared with an identical fetch already in flight. */
  source?: "cache" | "shared";
}

export interface RouterContext {
  requestId: string;
  /** The client's address as rate limits key it (limits/client-address.ts). */
  clientAddress: string;
  /** The authenticated user, or null for an anonymous caller. */
  userId: string | null;
  /** The session the caller's token belongs to, or null (anonymous, or a token issued for none). */
  sessionId: string | null;
  /** The caller's scopes from their token (none for customers and anonymous callers). */
  scopes: readonly string[];
  /** The refresh token of the caller's session cookie (handed only to the session subgraph, on mutations); null without one. */
  refreshToken?: string | null;
  /** What the session subgraph asked to do with the cookie (session/cookie.ts sets it on the response). */
  sessionGrant?: SessionGrant;
  /** Every subgraph fetch this request made, for its log line. */
  subgraphFetches: SubgraphFetch[];
}
