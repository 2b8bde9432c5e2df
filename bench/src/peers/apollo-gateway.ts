// Peer "stock @apollo/gateway": the same @apollo/gateway in Apollo Server 5's standalone server with its
// defaults (default fetcher, no plugins), plus only the subgraph credential that the subgraphs require.
import { ApolloGateway, RemoteGraphQLDataSource } from "@apollo/gateway";
import { ApolloServer, type ApolloServerOptionsWithGateway } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { CREDENTIAL_HEADER, peerCredential, peerEnv, userOf } from "./peer-env.ts";

interface Context {
  userId: string | null;
}

const gateway = new ApolloGateway({
  supergraphSdl: peerEnv.supergraphSdl,
  buildService: ({ url }) =>
    new RemoteGraphQLDataSource<Context>({
      url,
      async willSendRequest({ request, context }) {
        request.http?.headers.set(CREDENTIAL_HEADER, await peerCredential(url!, context?.userId ?? null, request));
      },
    }),
});

const server = new ApolloServer<Context>({
  // @apollo/gateway implements an older copy of the same interface; the shapes agree at runtime.
  gateway: gateway as unknown as ApolloServerOptionsWithGateway<Context>["gateway"],
});
const { url } = await startStandaloneServer(server, {
  listen: { port: peerEnv.port, host: peerEnv.host },
  context: async ({ req }) => ({ userId: await userOf(req.headers.authorization) }),
});
console.error(`stock @apollo/gateway listening on ${url}`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void server.stop().finally(() => process.exit(0)));
}
