// Who is logged in: the in-memory access token plus the `me` query. On page load the session cookie restores the
// session (refreshSession); the token is renewed a minute before it expires and when the router refuses it; logging
// in or out resets what the cache knows and tells the other tabs.
import { useApolloClient, useQuery } from "@apollo/client/react";
import { createContext, useCallback, useContext, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from "react";
import { MeDocument, type MeQuery } from "../gql/graphql.ts";
import { endSession, refreshAccessToken, type SessionUser } from "./session.ts";
import { onTokenChange, readToken, secondsLeft, TOKEN_REJECTED_EVENT, writeToken } from "./token.ts";

type User = NonNullable<MeQuery["me"]>;

interface AuthContextValue {
  /** True while the session cookie is being exchanged for an access token, or the token checked with the server. */
  checking: boolean;
  user: User | null;
  /** Why the session could not be checked (the shop unreachable, say); undefined when it could. */
  error: unknown;
  signIn: (token: string, user: User) => Promise<void>;
  signOut: () => Promise<void>;
}

const AuthContext = createContext<AuthContextValue | null>(null);

/** Tells the other tabs of this shop that the shopper logged in or out, so they follow. */
const channel = typeof BroadcastChannel !== "undefined" ? new BroadcastChannel("shop-session") : null;

export function AuthProvider({ children }: { children: ReactNode }) {
  const client = useApolloClient();
  const token = useSyncExternalStore(onTokenChange, readToken);
  const [restoring, setRestoring] = useState(true);
  const [restoreError, setRestoreError] = useState<unknown>(undefined);
  const me = useQuery(MeDocument, { skip: token === null });

  const remember = useCallback(
    (user: SessionUser) => client.writeQuery({ query: MeDocument, data: { me: { ...user, __typename: "User" } as User } }),
    [client],
  );

  // Exchanges the cookie for an access token: at page load, before expiry, after a refusal, when another tab logged in.
  const restore = useCallback(async () => {
    const hadToken = readToken() !== null;
    try {
      const user = await refreshAccessToken(client);
      setRestoreError(undefined);
      if (user) remember(user);
      // The session ended while signed in: forget what was fetched as that shopper (an anonymous page keeps its data).
      else if (hadToken) await client.clearStore();
    } catch (error) {
      setRestoreError(error);
    } finally {
      setRestoring(false);
    }
  }, [client, remember]);

  useEffect(() => {
    void restore();
  }, [restore]);

  // Renew a minute before the access token expires (at once when it has less than that left).
  useEffect(() => {
    if (!token) return;
    const timer = window.setTimeout(() => void restore(), Math.max(0, secondsLeft(token) - 60) * 1000);
    return () => window.clearTimeout(timer);
  }, [token, restore]);

  // The router refused the token (expired while the tab slept, or the session was revoked): try the cookie once more.
  useEffect(() => {
    const refused = () => void restore();
    const fromOtherTab = (event: MessageEvent) => {
      if (event.data === "signed-in") void restore();
      if (event.data === "signed-out") {
        writeToken(null);
        void client.clearStore();
      }
    };
    window.addEventListener(TOKEN_REJECTED_EVENT, refused);
    channel?.addEventListener("message", fromOtherTab);
    return () => {
      window.removeEventListener(TOKEN_REJECTED_EVENT, refused);
      channel?.removeEventListener("message", fromOtherTab);
    };
  }, [client, restore]);

  const signIn = useCallback(
    async (newToken: string, user: User) => {
      setRestoreError(undefined);
      // Everything cached so far was fetched anonymously (or as someone else): start over as this user. The token
      // comes last: setting it re-renders at once, and `me` must then find the user in the cache, not be fetched
      // (a fetch in flight would be cancelled by clearing the cache).
      await client.clearStore();
      remember(user);
      writeToken(newToken);
      channel?.postMessage("signed-in");
    },
    [client, remember],
  );

  const signOut = useCallback(async () => {
    await endSession(client);
    await client.clearStore();
    channel?.postMessage("signed-out");
  }, [client]);

  const value = useMemo<AuthContextValue>(
    () => ({
      checking: restoring || (token !== null && me.loading),
      user: token ? (me.data?.me ?? null) : null,
      error: token ? me.error : restoreError,
      signIn,
      signOut,
    }),
    [restoring, token, me.loading, me.data, me.error, restoreError, signIn, signOut],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error("useAuth must be used inside <AuthProvider>");
  return value;
}
