// Talking to the session: renew the access token from the HttpOnly cookie, end the session. Renewals are
// serialised across this browser's tabs (Web Locks): the cookie's refresh token is single-use, so two tabs renewing
// with the same cookie at once would look like a stolen token replayed and end the session; one after the other,
// the second sends the cookie the first one's answer just rotated.
import type { ApolloClient } from "@apollo/client";
import { LogoutDocument, type RefreshSessionMutation, RefreshSessionDocument } from "../gql/graphql.ts";
import { errorCode } from "../lib/errors.ts";
import { writeToken } from "./token.ts";

export type SessionUser = RefreshSessionMutation["refreshSession"]["user"];

/** Operation context that sends no bearer token: the cookie alone speaks for the caller (client.ts reads it). */
export const WITHOUT_TOKEN = { withoutToken: true } as const;

function serialised<T>(work: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== "undefined" ? navigator.locks : undefined;
  return locks ? locks.request("shop-session-refresh", work) : work();
}

/** A new access token (kept in memory) and its user from the session cookie; null when there is no open session. */
export function refreshAccessToken(client: ApolloClient): Promise<SessionUser | null> {
  return serialised(async () => {
    const result = await client.mutate({ mutation: RefreshSessionDocument, context: WITHOUT_TOKEN, errorPolicy: "all" });
    const session = result.data?.refreshSession;
    if (!session) {
      // Refused (no cookie, logged out, expired): logged out. Anything else (the shop unreachable): the caller says so.
      if (result.error && errorCode(result.error) !== "UNAUTHENTICATED") throw result.error;
      writeToken(null);
      return null;
    }
    writeToken(session.token);
    return session.user;
  });
}

/**
 * Ends the session on the server (which clears the cookie), then forgets the access token. The cookie alone
 * names the session: an access token that has just expired must not stop a log-out. The shopper is logged out
 * here whatever the answer; an unreachable shop leaves the session to expire.
 */
export async function endSession(client: ApolloClient): Promise<void> {
  try {
    await client.mutate({ mutation: LogoutDocument, context: WITHOUT_TOKEN, errorPolicy: "all" });
  } catch {
    /* logged out locally all the same */
  } finally {
    writeToken(null);
  }
}
