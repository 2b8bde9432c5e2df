// The Apollo Client: the in-memory access token on every request (but refreshSession, which the cookie alone
// authenticates), persisted query ids in production, one cache.
import { ApolloClient, ApolloLink, HttpLink } from "@apollo/client";
import { CombinedGraphQLErrors, ServerError } from "@apollo/client/errors";
import { SetContextLink } from "@apollo/client/link/context";
import { ErrorLink } from "@apollo/client/link/error";
import { PersistedQueryLink } from "@apollo/client/link/persisted-queries";
import { generatePersistedQueryIdsFromManifest } from "@apollo/persisted-query-lists";
import { readToken } from "../auth/token.ts";
import { createCache } from "./cache.ts";

export interface ClientOptions {
  /** GraphQL endpoint; the storefront's own origin, which proxies to the router. */
  uri?: string;
  /** Send operations as ids from persisted-query-manifest.json instead of their text (trusted documents). */
  persistedQueries: boolean;
  /** Called when the router refuses the access token (expired, or its session ended). */
  onTokenRejected: () => void;
}

export function createApolloClient({ uri = "/graphql", persistedQueries, onTokenRejected }: ClientOptions) {
  const auth = new SetContextLink((prevContext) => {
    const token = prevContext.withoutToken ? null : readToken();
    return token ? { headers: { ...prevContext.headers, authorization: `Bearer ${token}` } } : {};
  });

  const rejectedToken = new ErrorLink(({ error, operation }) => {
    const context = operation.getContext();
    if (!context.headers?.authorization) return;
    const status = ServerError.is(error) ? error.statusCode : (context.response as Response | undefined)?.status;
    const unauthenticated =
      status === 401 ||
      (CombinedGraphQLErrors.is(error) && error.errors.some((e) => e.extensions?.code === "UNAUTHENTICATED"));
    // A token was sent and still "log in first": the router could not verify it (expired, or another secret).
    if (unauthenticated) onTokenRejected();
  });

  const links: ApolloLink[] = [rejectedToken, auth];
  if (persistedQueries) {
    links.push(
      new PersistedQueryLink(
        generatePersistedQueryIdsFromManifest({
          loadManifest: () => import("../../persisted-query-manifest.json"),
        }),
      ),
    );
  }
  links.push(new HttpLink({ uri }));

  return new ApolloClient({ link: ApolloLink.from(links), cache: createCache() });
}
