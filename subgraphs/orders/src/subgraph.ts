// The orders subgraph, declared for the shared scaffold (packages/shared/src/subgraph): settings, schema,
// resolvers, database, the checkout's dependencies (the products service, armed with test fault hooks), the
// per-request context and the sweeper. main.ts, migrate.ts and the tests start it from here.
import { crashAfter } from "@shop/shared/faults";
import { OUTBOX_LEASE_MS } from "@shop/shared/outbox";
import { ROUTER_ISSUER } from "@shop/shared/identity";
import { defineSubgraph } from "@shop/shared/subgraph/declaration";
import { entryPoints } from "@shop/shared/subgraph/start";
import { z } from "zod";
import { seed } from "../../../prisma/orders/seed.ts";
import { PrismaClient } from "./__generated__/prisma/client.ts";
import { type CheckoutDependencies, orderWrites } from "./checkout-dependencies.ts";
import type { Context } from "./context.ts";
import { sweep } from "./domain/sweeper.ts";
import { createLoaders } from "./loaders.ts";
import { createProductsClient } from "./products-client.ts";
import { resolvers } from "./resolvers/index.ts";

const settings = {
  /** The products service's GraphQL endpoint (stock reservations); its routing_url in supergraph.yaml. */
  PRODUCTS_URL: z.url().default("http://127.0.0.1:4002/graphql"),
  /** How long an unpaid order holds its stock before it expires. */
  ORDER_TTL_SECONDS: z.coerce.number().int().min(1).default(900),
  /** Once a payment starts, the order does not expire for at least this long (the charge gets to finish). */
  ORDER_PAYMENT_GRACE_SECONDS: z.coerce.number().int().min(1).default(300),
  /** Unpaid orders one shopper may have at once (denial of inventory: see domain/order-caps.ts). */
  ORDER_MAX_PENDING: z.coerce.number().int().min(1).max(10_000).default(3),
  /** Units of one product one shopper may hold in unpaid orders. */
  ORDER_MAX_UNITS_PER_PRODUCT: z.coerce.number().int().min(1).max(1_000_000).default(10),
  /** Units in total one shopper may hold in unpaid orders. */
  ORDER_MAX_UNITS_HELD: z.coerce.number().int().min(1).max(1_000_000).default(50),
  /** How often the sweeper expires orders and delivers the outbox. */
  ORDER_SWEEP_INTERVAL_MS: z.coerce.number().int().min(10).default(5_000),
  /** How long an outbox message being delivered stays invisible to other deliverers (see CheckoutDependencies.outboxLeaseMs). */
  ORDER_OUTBOX_LEASE_MS: z.coerce.number().int().min(0).default(OUTBOX_LEASE_MS),
};

export const orders = defineSubgraph({
  name: "orders",
  port: 4003,
  // The router: public fields; payments: the two steps of paying an order.
  callers: { [ROUTER_ISSUER]: "public", payments: ["beginOrderPayment", "markOrderPaid", "markOrderRefunded"] },
  settings,
  schemaFile: new URL("./schema.graphql", import.meta.url),
  resolvers,
  createClient: (options) => new PrismaClient(options),
  seed,
  dependencies: ({ settings, faults, logger, serviceClient }): CheckoutDependencies => ({
    products: crashAfter(createProductsClient(serviceClient("products", settings.PRODUCTS_URL)), "reserve", "orders:after-reserve", faults, (reservation) => reservation.status === "HELD"),
    writes: crashAfter(orderWrites, "markPaid", "orders:after-paid", faults, (changed) => changed !== null),
    faults,
    logger,
    orderTtlSeconds: settings.ORDER_TTL_SECONDS,
    caps: { maxPendingOrders: settings.ORDER_MAX_PENDING, maxUnitsPerProduct: settings.ORDER_MAX_UNITS_PER_PRODUCT, maxUnitsHeld: settings.ORDER_MAX_UNITS_HELD },
    paymentGraceSeconds: settings.ORDER_PAYMENT_GRACE_SECONDS,
    outboxLeaseMs: settings.ORDER_OUTBOX_LEASE_MS,
  }),
  context: (request, checkout): Context => ({ ...request, loaders: createLoaders(request.sql), checkout }),
  workers: (checkout, { prisma, settings }) => ({
    /** Expiry, abandoned placements, key pruning, outbox delivery. */
    sweep: { intervalMs: settings.ORDER_SWEEP_INTERVAL_MS, run: () => sweep(prisma, checkout) },
  }),
});

export const { loadConfig, start: startOrdersSubgraph } = entryPoints(orders);
export type Config = ReturnType<typeof loadConfig>;
