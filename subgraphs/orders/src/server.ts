// Builds and starts the orders subgraph and its sweeper (no signal handling: main.ts and the tests own the process).
import { createFaults } from "@shop/shared/faults";
import { createLogger, type Logger } from "@shop/shared/logger";
import { createServiceClient } from "@shop/shared/service-client";
import { startSubgraph } from "@shop/shared/subgraph-server";
import { startWorker } from "@shop/shared/worker";
import { seed } from "../../../prisma/orders/seed.ts";
import { PrismaClient } from "./__generated__/prisma/client.ts";
import type { Checkout } from "./checkout.ts";
import type { Config } from "./config.ts";
import { createContext } from "./context.ts";
import { sweep } from "./domain/sweeper.ts";
import { createProductsClient } from "./products-client.ts";
import { resolvers } from "./resolvers/index.ts";

export async function startOrdersSubgraph(config: Config, logger: Logger = createLogger("orders")) {
  const faults = createFaults(config.FAULT_INJECTION, config.NODE_ENV);
  const productsService = createServiceClient({
    issuer: "orders",
    target: "products",
    url: config.PRODUCTS_URL,
    subgraphSecret: config.subgraphSecret,
    timeoutMs: config.SERVICE_TIMEOUT_MS,
  });
  const checkout: Checkout = {
    products: createProductsClient(productsService),
    faults,
    logger,
    orderTtlSeconds: config.ORDER_TTL_SECONDS,
    paymentGraceSeconds: config.ORDER_PAYMENT_GRACE_SECONDS,
    outboxLeaseMs: config.ORDER_OUTBOX_LEASE_MS,
  };
  const subgraph = await startSubgraph({
    name: "orders",
    settings: config,
    schemaFile: new URL("./schema.graphql", import.meta.url).pathname,
    resolvers,
    createClient: (options) => new PrismaClient(options),
    seed,
    context: (prisma, caller, requestId) => createContext(prisma, caller, requestId, checkout),
    logger,
  });
  const sweeper = startWorker("orders-sweeper", config.ORDER_SWEEP_INTERVAL_MS, () => sweep(subgraph.prisma, checkout), logger, {
    enabled: () => !faults.crashed,
  });
  return {
    ...subgraph,
    /** Runs a sweep now (tests): expiry, abandoned placements, outbox delivery. */
    sweep: () => sweeper.runNow(),
    stop: async () => {
      await sweeper.stop();
      await subgraph.stop();
      await productsService.close();
    },
  };
}
