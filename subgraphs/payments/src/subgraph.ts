// The payments subgraph, declared for the shared scaffold (packages/shared/src/subgraph): settings, schema,
// resolvers, database, payOrder's and refundPayment's dependencies (the orders service, the card processor, the statements, armed with
// test fault hooks), the per-request context and recovery. main.ts, migrate.ts and the tests start it from here.
import { crashAfter } from "@shop/shared/faults";
import { OUTBOX_LEASE_MS } from "@shop/shared/outbox";
import { ROUTER_ISSUER } from "@shop/shared/identity";
import { defineSubgraph } from "@shop/shared/subgraph/declaration";
import { entryPoints } from "@shop/shared/subgraph/start";
import { z } from "zod";
import { seed } from "../../../prisma/payments/seed.ts";
import { PrismaClient } from "./__generated__/prisma/client.ts";
import { type CheckoutDependencies, paymentWrites } from "./checkout-dependencies.ts";
import type { Context } from "./context.ts";
import { recoverPayments } from "./domain/recovery.ts";
import { createLoaders } from "./loaders.ts";
import { createOrdersClient } from "./orders-client.ts";
import type { CardProcessor } from "./processor/card-processor.ts";
import { SimulatedCardProcessor } from "./processor/simulated-processor.ts";
import { resolvers } from "./resolvers/index.ts";

const settings = {
  /** The orders service's GraphQL endpoint (the order to charge, marking it paid); its routing_url in supergraph.yaml. */
  ORDERS_URL: z.url().default("http://127.0.0.1:4003/graphql"),
  /** How often recovery finishes payments and refunds left PENDING and delivers the outbox. */
  PAYMENT_RECOVERY_INTERVAL_MS: z.coerce.number().int().min(10).default(10_000),
  /** A payment or refund PENDING for longer than this is taken to be abandoned by a crashed request, and recovery finishes it. */
  PAYMENT_STALE_AFTER_SECONDS: z.coerce.number().int().min(0).default(30),
  /**
   * How long an outbox message being delivered stays invisible to other deliverers; one whose deliverer died
   * is delivered by recovery after this (payOrder inserts its message already claimed for this long).
   */
  PAYMENT_OUTBOX_LEASE_MS: z.coerce.number().int().min(0).default(OUTBOX_LEASE_MS),
};

export interface PaymentsOptions {
  /** The card processor; the simulated one (ledger in this service's database) by default. */
  processor?: (prisma: PrismaClient) => CardProcessor;
}

export const payments = defineSubgraph({
  name: "payments",
  port: 4004,
  // Only the router calls payments: public fields.
  callers: { [ROUTER_ISSUER]: "public" },
  settings,
  schemaFile: new URL("./schema.graphql", import.meta.url),
  resolvers,
  createClient: (options) => new PrismaClient(options),
  seed,
  dependencies: ({ settings, prisma, faults, logger, serviceClient }, options: PaymentsOptions): CheckoutDependencies => {
    const processor = (options.processor ?? ((client) => new SimulatedCardProcessor(client)))(prisma);
    // payOrder's steps, then refundPayment's: record PENDING, call the processor, record the outcome.
    let writes = crashAfter(paymentWrites, "insertPending", "payments:after-pending", faults);
    writes = crashAfter(writes, "recordSuccess", "payments:after-record", faults);
    writes = crashAfter(writes, "insertPendingRefund", "payments:after-refund-pending", faults, ({ refund }) => refund !== null);
    writes = crashAfter(writes, "recordRefundSuccess", "payments:after-refund-record", faults);
    const armed = crashAfter(processor, "charge", "payments:after-charge", faults);
    return {
      orders: createOrdersClient(serviceClient("orders", settings.ORDERS_URL)),
      processor: crashAfter(armed, "refund", "payments:after-refund", faults),
      writes,
      faults,
      logger,
      staleAfterSeconds: settings.PAYMENT_STALE_AFTER_SECONDS,
      outboxLeaseMs: settings.PAYMENT_OUTBOX_LEASE_MS,
    };
  },
  context: (request, checkout): Context => ({ ...request, loaders: createLoaders(request.sql), checkout }),
  workers: (checkout, { prisma, settings }) => ({
    /** Finishes stale PENDING payments, delivers the outbox, prunes keys. */
    recover: { intervalMs: settings.PAYMENT_RECOVERY_INTERVAL_MS, run: () => recoverPayments(prisma, checkout) },
  }),
});

export const { loadConfig, start: startPaymentsSubgraph } = entryPoints(payments);
export type Config = ReturnType<typeof loadConfig>;
