// A subgraph that is not ours but implements the entity change feed contract (docs/change-feed.md), written from
// the contract alone: an inventory of items whose stock is public for 60 s, an in-memory change log, and the
// `_entityChanges` field answered only to the router's cache poller (credential checked, bound to the operation).
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { startStandaloneServer } from "@apollo/server/standalone";
import { buildSubgraphSchema } from "@apollo/subgraph";
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper/resolverMap.js";
import { CACHE_FEED_ISSUER, CREDENTIAL_HEADER, verifyCredential } from "@shop/shared/identity";
import { derivedTrustedKeys } from "@shop/shared/service-keys";
import { GraphQLError, type GraphQLResolveInfo, parse } from "graphql";

export const INVENTORY_SDL = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@shareable", "@inaccessible"])

type Query {
  item(id: ID!): Item
  _entityChanges(after: ID): EntityChangeFeed! @inaccessible @shareable
}

directive @cacheControl(maxAge: Int, scope: CacheControlScope, inheritMaxAge: Boolean) on FIELD_DEFINITION | OBJECT | INTERFACE | UNION
enum CacheControlScope @inaccessible {
  PUBLIC
  PRIVATE
}

type Item @key(fields: "id") @cacheControl(maxAge: 60) {
  id: ID!
  stock: Int!
}

type EntityChangeFeed @inaccessible @shareable {
  cursor: ID!
  reset: Boolean!
  changes: [EntityChange!]!
}

type EntityChange @inaccessible @shareable {
  typename: String!
  ids: [ID!]!
  fields: [String!]
}
`;

export interface FeedSubgraph {
  url: string;
  /** Requests that carried any credential: a subgraph that is not configured as ours must see none. */
  credentials: string[];
  /** Feed reads it answered. */
  feedReads: number;
  /** Sells one unit of an item: its stock changes and the change is logged. */
  sell(id: string): void;
  stop(): Promise<void>;
}

export async function startFeedSubgraph(subgraphSecret: string): Promise<FeedSubgraph> {
  // The key it checks the router's cache poller with, derived as every process derives it from SUBGRAPH_SECRET.
  const trusted = derivedTrustedKeys(subgraphSecret, "inventory", [CACHE_FEED_ISSUER]);
  const stock = new Map([
    ["i1", 10],
    ["i2", 5],
  ]);
  // The change log: sequence numbers are the cursors (one writer, so they become visible in order).
  const log: Array<{ seq: number; id: string }> = [];
  let seq = 0;
  const state = { credentials: [] as string[], feedReads: 0 };

  const resolvers = {
    Query: {
      item: (_: unknown, { id }: { id: string }) => (stock.has(id) ? { id, stock: stock.get(id) } : null),
      _entityChanges: async (_: unknown, { after }: { after: string | null }, context: { credential?: string }, info: GraphQLResolveInfo) => {
        const operation = { query: info.operation.loc?.source.body, operationName: info.operation.name?.value, variables: info.variableValues };
        const caller = await verifyCredential(trusted, context.credential, operation);
        if (caller?.issuer !== CACHE_FEED_ISSUER) throw new GraphQLError("Only the router's cache poller", { extensions: { code: "FORBIDDEN" } });
        state.feedReads++;
        const head = String(seq);
        const cursor = after === null ? null : Number(after);
        if (cursor === null || cursor > seq || (log[0] && log[0].seq > cursor + 1)) return { cursor: head, reset: true, changes: [] };
        const ids = [...new Set(log.filter((change) => change.seq > cursor).map((change) => change.id))];
        return { cursor: head, reset: false, changes: ids.length > 0 ? [{ typename: "Item", ids, fields: ["stock"] }] : [] };
      },
    },
    Item: { __resolveReference: ({ id }: { id: string }) => ({ id, stock: stock.get(id) }) },
  };
  const server = new ApolloServer({
    schema: buildSubgraphSchema([{ typeDefs: parse(INVENTORY_SDL), resolvers: resolvers as GraphQLResolverMap<unknown> }]),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  const { url } = await startStandaloneServer(server, {
    listen: { port: 0, host: "127.0.0.1" },
    context: async ({ req }) => {
      const credential = req.headers[CREDENTIAL_HEADER] as string | undefined;
      if (credential) state.credentials.push(credential);
      return { credential };
    },
  });
  return {
    url,
    get credentials() {
      return state.credentials;
    },
    get feedReads() {
      return state.feedReads;
    },
    sell(id) {
      stock.set(id, stock.get(id)! - 1);
      log.push({ seq: ++seq, id });
    },
    stop: () => server.stop(),
  };
}
