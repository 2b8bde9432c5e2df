// The products subgraph, declared for the shared scaffold (packages/shared/src/subgraph): schema, resolvers,
// database and the per-request context (the base settings suffice). main.ts, migrate.ts and the tests start it from here.
import type { Logger } from "@shop/shared/logger";
import { defineSubgraph } from "@shop/shared/subgraph/declaration";
import { loadSettings, type SubgraphSettings } from "@shop/shared/subgraph/settings";
import { startSubgraph } from "@shop/shared/subgraph/start";
import { seed } from "../../../prisma/products/seed.ts";
import { PrismaClient } from "./__generated__/prisma/client.ts";
import type { Context } from "./context.ts";
import { createLoaders } from "./loaders.ts";
import { resolvers } from "./resolvers/index.ts";

export const products = defineSubgraph({
  name: "products",
  port: 4002,
  schemaFile: new URL("./schema.graphql", import.meta.url),
  resolvers,
  createClient: (options) => new PrismaClient(options),
  seed,
  context: (request): Context => ({ ...request, loaders: createLoaders(request.prisma) }),
});

export type Config = SubgraphSettings;
export const loadConfig = (env: NodeJS.ProcessEnv = process.env): Config => loadSettings(products, env);
export const startProductsSubgraph = (config: Config, logger?: Logger) => startSubgraph(products, config, logger);
