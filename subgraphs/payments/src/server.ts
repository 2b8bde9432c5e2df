// Builds and starts the payments subgraph (no signal handling: main.ts and the tests own the process).
import { startSubgraph } from "@shop/shared/subgraph-server";
import type { Logger } from "@shop/shared/logger";
import { seed } from "../../../prisma/payments/seed.ts";
import { PrismaClient } from "./__generated__/prisma/client.ts";
import type { Config } from "./config.ts";
import { createContext } from "./context.ts";
import { resolvers } from "./resolvers/index.ts";

export function startPaymentsSubgraph(config: Config, logger?: Logger) {
  return startSubgraph({
    name: "payments",
    settings: config,
    schemaFile: new URL("./schema.graphql", import.meta.url).pathname,
    resolvers,
    createClient: (adapter) => new PrismaClient({ adapter }),
    seed,
    context: (prisma, caller, requestId) => createContext(prisma, caller, requestId),
    logger,
  });
}
