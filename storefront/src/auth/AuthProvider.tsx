// Who is logged in: the stored token plus the `me` query; logging in or out resets what the cache knows.
import { useApolloClient, useQuery } from "@apollo/client/react";
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { MeDocument, type MeQuery } from "../gql/graphql.ts";
import { readToken, TOKEN_REJECTED_EVENT, TOKEN_STORAGE_KEY, writeToken } from "./token.ts";

type User = NonNullable<MeQuery["me"]>;

interface AuthContextValue {
  /** True while a stored token is being checked with the server. */
  checking: boolean;
  user: User | null;
  /** Why the stored token could not be checked (the shop unreachable, say); undefined when it could. */
  error: unknown;
  signIn: (token: string, user: User) => Promise<void>;
  signOut: () => Promise<void>;
}

const AuthContext = createContext<AuthContextValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const client = useApolloClient();
  const [hasToken, setHasToken] = useState(() => readToken() !== null);
  const me = useQuery(MeDocument, { skip: !hasToken });

  // Logged out because the router refused the token, or logged in or out in another tab.
  useEffect(() => {
    const sync = () => {
      const present = readToken() !== null;
      setHasToken(present);
      void client.clearStore();
    };
    const onStorage = (event: StorageEvent) => {
      if (event.key === TOKEN_STORAGE_KEY) sync();
    };
    window.addEventListener(TOKEN_REJECTED_EVENT, sync);
    window.addEventListener("storage", onStorage);
    return () => {
      window.removeEventListener(TOKEN_REJECTED_EVENT, sync);
      window.removeEventListener("storage", onStorage);
    };
  }, [client]);

  const signIn = useCallback(
    async (token: string, user: User) => {
      writeToken(token);
      setHasToken(true);
      // Everything cached so far was fetched anonymously (or as someone else): start over as this user.
      await client.clearStore();
      client.writeQuery({ query: MeDocument, data: { me: { ...user, __typename: "User" } as User } });
    },
    [client],
  );

  const signOut = useCallback(async () => {
    writeToken(null);
    setHasToken(false);
    await client.clearStore();
  }, [client]);

  const value = useMemo<AuthContextValue>(
    () => ({
      checking: hasToken && me.loading,
      user: hasToken ? (me.data?.me ?? null) : null,
      error: hasToken ? me.error : undefined,
      signIn,
      signOut,
    }),
    [hasToken, me.loading, me.data, me.error, signIn, signOut],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error("useAuth must be used inside <AuthProvider>");
  return value;
}
