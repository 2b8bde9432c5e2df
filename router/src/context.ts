// What the router knows about a request while it plans and fetches.
export interface RouterContext {
  requestId: string;
  /** The authenticated user, or null for an anonymous caller. */
  userId: string | null;
}
