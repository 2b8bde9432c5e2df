// Settings of the orders service, read from the environment once.
import { logLevel, migrateOnStart, nodeEnv, parseEnv, port, secret } from "@shop/shared/config";
import { defaultDatabaseUrl } from "@shop/shared/database";
import { OUTBOX_LEASE_MS } from "@shop/shared/outbox";
import { z } from "zod";

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = parseEnv(
    z.object({
      PORT: port(4003),
      HOST: z.string().default("127.0.0.1"),
      DATABASE_URL: z.string().default(defaultDatabaseUrl("orders")),
      SEED: z.enum(["auto", "always", "never"]).default("auto"),
      MIGRATE_ON_START: migrateOnStart,
      NODE_ENV: nodeEnv,
      LOG_LEVEL: logLevel,
      /** The products service's GraphQL endpoint (stock reservations); its routing_url in supergraph.yaml. */
      PRODUCTS_URL: z.url().default("http://127.0.0.1:4002/graphql"),
      /** How long an unpaid order holds its stock before it expires. */
      ORDER_TTL_SECONDS: z.coerce.number().int().min(1).default(900),
      /** Once a payment starts, the order does not expire for at least this long (the charge gets to finish). */
      ORDER_PAYMENT_GRACE_SECONDS: z.coerce.number().int().min(1).default(300),
      /** How often the sweeper expires orders and delivers the outbox. */
      ORDER_SWEEP_INTERVAL_MS: z.coerce.number().int().min(10).default(5_000),
      /** How long an outbox message being delivered stays invisible to other deliverers (see Checkout.outboxLeaseMs). */
      ORDER_OUTBOX_LEASE_MS: z.coerce.number().int().min(0).default(OUTBOX_LEASE_MS),
      /** Timeout of each call to another service. */
      SERVICE_TIMEOUT_MS: z.coerce.number().int().min(1).default(5_000),
      /** Test-only: comma-separated fault points where the process "dies" (see packages/shared/src/faults.ts). */
      FAULT_INJECTION: z.string().optional(),
    }),
    env,
  );
  return { ...parsed, subgraphSecret: secret("SUBGRAPH_SECRET", env) };
}

export type Config = ReturnType<typeof loadConfig>;
