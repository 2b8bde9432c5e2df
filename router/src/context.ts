// What the router knows about a request while it plans and fetches.
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
  /** The authenticated user, or null for an anonymous caller. */
  userId: string | null;
  /** Every subgraph fetch this request made, for its log line. */
  subgraphFetches: SubgraphFetch[];
}
