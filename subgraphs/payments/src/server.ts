// Builds and starts the payments subgraph and its recovery worker (no signal handling: main.ts and the tests own the process).
import { createFaults } from "@shop/shared/faults";
import { createLogger, type Logger } from "@shop/shared/logger";
import { createServiceClient } from "@shop/shared/service-client";
import { startSubgraph } from "@shop/shared/subgraph-server";
import { startWorker } from "@shop/shared/worker";
import { seed } from "../../../prisma/payments/seed.ts";
import { PrismaClient } from "./__generated__/prisma/client.ts";
import type { Checkout } from "./checkout.ts";
import type { Config } from "./config.ts";
import { createContext } from "./context.ts";
import { recoverPayments } from "./domain/recovery.ts";
import { createOrdersClient } from "./orders-client.ts";
import type { CardProcessor } from "./processor/card-processor.ts";
import { SimulatedCardProcessor } from "./processor/simulated-processor.ts";
import { resolvers } from "./resolvers/index.ts";

export interface PaymentsOptions {
  /** The card processor; the simulated one (ledger in this service's database) by default. */
  processor?: (prisma: PrismaClient) => CardProcessor;
}

export async function startPaymentsSubgraph(config: Config, logger: Logger = createLogger("payments"), options: PaymentsOptions = {}) {
  const faults = createFaults(config.FAULT_INJECTION, config.NODE_ENV);
  const ordersService = createServiceClient({
    issuer: "payments",
    target: "orders",
    url: config.ORDERS_URL,
    subgraphSecret: config.subgraphSecret,
    timeoutMs: config.SERVICE_TIMEOUT_MS,
  });
  // Built from the first Prisma client it sees, before the first request can arrive (no window after listening).
  let checkout: Checkout | undefined;
  const checkoutFor = (prisma: PrismaClient): Checkout =>
    (checkout ??= {
      orders: createOrdersClient(ordersService),
      processor: (options.processor ?? ((client) => new SimulatedCardProcessor(client)))(prisma),
      faults,
      logger,
      staleAfterSeconds: config.PAYMENT_STALE_AFTER_SECONDS,
      outboxLeaseMs: config.PAYMENT_OUTBOX_LEASE_MS,
    });
  const subgraph = await startSubgraph({
    name: "payments",
    settings: config,
    schemaFile: new URL("./schema.graphql", import.meta.url).pathname,
    resolvers,
    createClient: (options) => new PrismaClient(options),
    seed,
    context: (prisma, caller, requestId) => createContext(prisma, caller, requestId, checkoutFor(prisma)),
    logger,
  });
  const recovery = startWorker("payments-recovery", config.PAYMENT_RECOVERY_INTERVAL_MS, () => recoverPayments(subgraph.prisma, checkoutFor(subgraph.prisma)), logger, {
    enabled: () => !faults.crashed,
  });
  return {
    ...subgraph,
    /** Runs recovery now (tests): finishes stale PENDING payments and delivers the outbox. */
    recover: () => recovery.runNow(),
    stop: async () => {
      await recovery.stop();
      await subgraph.stop();
      await ordersService.close();
    },
  };
}
