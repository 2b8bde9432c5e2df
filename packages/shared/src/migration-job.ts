// The migration job's work (a Kubernetes Job, a compose one-shot service): apply a service's pending migrations, seed per SEED, exit.
import { z } from "zod";
import { logLevel, nodeEnv, parseEnv } from "./config.ts";
import { defaultDatabaseUrl } from "./database.ts";
import type { Logger } from "./logger.ts";
import type { SeedOptions } from "./seed-data.ts";
import { openServiceDatabase, type PrismaLike, type ServiceDatabaseOptions } from "./service-database.ts";

/** The job needs only the database and the seed mode: no port, no secrets. */
export function loadMigrationConfig(service: string, env: NodeJS.ProcessEnv = process.env) {
  return parseEnv(
    z.object({
      DATABASE_URL: z.string().default(defaultDatabaseUrl(service)),
      SEED: z.enum(["auto", "always", "never"]).default("auto"),
      NODE_ENV: nodeEnv,
      LOG_LEVEL: logLevel,
    }),
    env,
  );
}

export interface MigrationJobOptions<P extends PrismaLike> {
  service: string;
  createClient: ServiceDatabaseOptions<P>["createClient"];
  seed?: (prisma: P, options: SeedOptions) => Promise<void>;
  logger: Logger;
  env?: NodeJS.ProcessEnv;
}

/**
 * Applies the pending migrations under Prisma's advisory lock (two jobs started together apply each migration
 * once) and seeds as the service would at start, then closes the database. Returns the migrations it applied.
 */
export async function runMigrationJob<P extends PrismaLike>(options: MigrationJobOptions<P>): Promise<string[]> {
  const config = loadMigrationConfig(options.service, options.env);
  const database = await openServiceDatabase({
    service: options.service,
    url: config.DATABASE_URL,
    createClient: options.createClient,
    seed: options.seed,
    seedMode: config.SEED,
    production: config.NODE_ENV === "production",
    logger: options.logger,
    poolSize: 1,
    migrateOnStart: true,
  });
  await database.close();
  options.logger.info({ applied: database.applied, database: database.connection.location }, `${options.service} database is current`);
  return database.applied;
}
