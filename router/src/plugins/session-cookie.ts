// Sets the session cookie (session/cookie.ts) on the response when the session subgraph asked for it during the
// request (fetch/session.ts): a new refresh token after log-in, sign-up or refreshSession, an expired one after
// logout or a refused refresh. Such a response is never stored by a cache on the way.
import type { ApolloServerPlugin } from "@apollo/server";
import type { RouterContext } from "../context.ts";
import { type SessionCookieOptions, sessionSetCookie } from "../session/cookie.ts";

export function sessionCookiePlugin(options: SessionCookieOptions): ApolloServerPlugin<RouterContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          const grant = contextValue.sessionGrant;
          if (!grant) return;
          response.http.headers.set("set-cookie", sessionSetCookie(grant, options));
          response.http.headers.set("cache-control", "no-store");
        },
      };
    },
  };
}
