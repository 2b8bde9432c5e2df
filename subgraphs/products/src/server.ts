// Builds and starts the products subgraph (no signal handling: main.ts and the tests own the process).
import { startSubgraph } from "@shop/shared/subgraph-server";
import type { Logger } from "@shop/shared/logger";
import { seed } from "../../../prisma/products/seed.ts";
import { PrismaClient } from "./__generated__/prisma/client.ts";
import type { Config } from "./config.ts";
import { createContext } from "./context.ts";
import { resolvers } from "./resolvers/index.ts";

export function startProductsSubgraph(config: Config, logger?: Logger) {
  return startSubgraph({
    name: "products",
    settings: config,
    schemaFile: new URL("./schema.graphql", import.meta.url).pathname,
    resolvers,
    createClient: (options) => new PrismaClient(options),
    seed,
    context: (prisma, caller, requestId) => createContext(prisma, caller, requestId),
    logger,
  });
}
