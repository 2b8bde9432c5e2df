// Settings of the payments service, read from the environment once.
//
// Same variables and rules as the users service's config, minus JWT_SECRET, plus the checkout's settings. Each
// variable goes through a zod validator one by one; every bad variable is still named in one ConfigError.
import { ConfigError, logLevel, migrateOnStart, nodeEnv, port, secret } from "@shop/shared/config";
import { defaultDatabaseUrl } from "@shop/shared/database";
import type { SeedMode } from "@shop/shared/service-database";
import { z } from "zod";

/** The part of a zod schema this file uses. */
interface Validator<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: ReadonlyArray<{ message: string }> } };
}

const SEED_MODES: readonly SeedMode[] = ["auto", "always", "never"];

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const problems: string[] = [];
  const read = <T>(name: string, validator: Validator<T>): T => {
    const result = validator.safeParse(env[name]);
    if (result.success) return result.data;
    problems.push(`${name}: ${result.error.issues.map((issue) => issue.message).join("; ")}`);
    return undefined as T;
  };
  const seedMode = env.SEED ?? "auto";
  if (!SEED_MODES.includes(seedMode as SeedMode)) problems.push(`SEED: expected one of ${SEED_MODES.join(", ")}`);
  const parsed = {
    PORT: read("PORT", port(4004)),
    HOST: env.HOST || "127.0.0.1",
    DATABASE_URL: env.DATABASE_URL || defaultDatabaseUrl("payments"),
    SEED: seedMode as SeedMode,
    MIGRATE_ON_START: read("MIGRATE_ON_START", migrateOnStart),
    NODE_ENV: read("NODE_ENV", nodeEnv),
    LOG_LEVEL: read("LOG_LEVEL", logLevel),
    /** The orders service's GraphQL endpoint (the order to charge, marking it paid); its routing_url in supergraph.yaml. */
    ORDERS_URL: read("ORDERS_URL", z.url().default("http://127.0.0.1:4003/graphql")),
    /** How often recovery finishes payments left PENDING and delivers the outbox. */
    PAYMENT_RECOVERY_INTERVAL_MS: read("PAYMENT_RECOVERY_INTERVAL_MS", z.coerce.number().int().min(10).default(10_000)),
    /** A payment PENDING for longer than this is taken to be abandoned by a crashed request, and recovery finishes it. */
    PAYMENT_STALE_AFTER_SECONDS: read("PAYMENT_STALE_AFTER_SECONDS", z.coerce.number().int().min(0).default(30)),
    /**
     * How long an outbox message being delivered stays invisible to other deliverers; one whose deliverer died
     * is delivered by recovery after this (payOrder inserts its message already claimed for this long).
     */
    PAYMENT_OUTBOX_LEASE_MS: read("PAYMENT_OUTBOX_LEASE_MS", z.coerce.number().int().min(0).default(30_000)),
    /** Timeout of each call to another service. */
    SERVICE_TIMEOUT_MS: read("SERVICE_TIMEOUT_MS", z.coerce.number().int().min(1).default(5_000)),
    /** Test-only: comma-separated fault points where the process "dies" (see packages/shared/src/faults.ts). */
    FAULT_INJECTION: env.FAULT_INJECTION || undefined,
  };
  if (problems.length) throw new ConfigError(`Invalid environment:\n  ${problems.join("\n  ")}`);
  return { ...parsed, subgraphSecret: secret("SUBGRAPH_SECRET", env) };
}

export type Config = ReturnType<typeof loadConfig>;
