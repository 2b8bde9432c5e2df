// The session subgraph's part of a mutation's fetch (docs/security.md, sessions): it gets the refresh token of the
// caller's cookie and the access token's session id, and may answer with a session grant (a new refresh token, or
// "clear") that the router turns into the cookie. Only that subgraph, only mutations (log-in, sign-up,
// refreshSession, logout are mutations): the token never reaches another service, and a query never sets a cookie.
import { decodeSessionGrant, REFRESH_TOKEN_HEADER, SESSION_ID_HEADER, type SessionGrant } from "@shop/shared/session-transport";
import type { Reply, Stage } from "./stage.ts";

/** Called with a grant the session subgraph sent, and the caller whose request it served. */
export type GrantListener = (grant: SessionGrant, caller: { sessionId: string | null; userId: string | null }) => void;

export function sessionHeaders(onGrant: GrantListener): Stage<Reply> {
  return async (request, next) => {
    const context = request.incoming?.context;
    if (!context || request.isQuery) return next(request);
    if (context.refreshToken) request.headers[REFRESH_TOKEN_HEADER] = context.refreshToken;
    if (context.sessionId) request.headers[SESSION_ID_HEADER] = context.sessionId;
    const reply = await next(request);
    const grant = decodeSessionGrant(reply.sessionGrant);
    if (grant) {
      context.sessionGrant = grant;
      onGrant(grant, context);
    }
    return reply;
  };
}
