// The products subgraph, declared for the shared scaffold (packages/shared/src/subgraph): schema, resolvers,
// database and the per-request context (the base settings suffice). main.ts, migrate.ts and the tests start it from here.
import { CACHE_FEED_ISSUER, ROUTER_ISSUER } from "@shop/shared/identity";
import { defineSubgraph } from "@shop/shared/subgraph/declaration";
import { entryPoints } from "@shop/shared/subgraph/start";
import { seed } from "../../../prisma/products/seed.ts";
import { PrismaClient } from "./__generated__/prisma/client.ts";
import type { Context } from "./context.ts";
import { changeNotifierFor } from "./domain/change-notifier.ts";
import { createLoaders } from "./loaders.ts";
import { resolvers } from "./resolvers/index.ts";

export const products = defineSubgraph({
  name: "products",
  port: 4002,
  // The router: public fields; its cache poller: the change feed; orders: the stock of the orders it places.
  callers: { [ROUTER_ISSUER]: "public", [CACHE_FEED_ISSUER]: ["_entityChanges"], orders: ["reserveStock", "releaseReservation", "commitReservation", "returnStock"] },
  schemaFile: new URL("./schema.graphql", import.meta.url),
  resolvers,
  createClient: (options) => new PrismaClient(options),
  seed,
  dependencies: (kit) => ({ changeNotifier: changeNotifierFor(kit) }),
  context: (request, { changeNotifier }): Context => ({ ...request, loaders: createLoaders(request.sql), changeNotifier }),
});

export const { loadConfig, start: startProductsSubgraph } = entryPoints(products);
export type Config = ReturnType<typeof loadConfig>;
