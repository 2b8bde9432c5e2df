// Opens a service's own database, applies its migrations (or waits for the migration job's), seeds a fresh one, closes it on stop.
import path from "node:path";
import { type DatabaseConnection, openDatabase } from "./database.ts";
import { readMigrations } from "./migrate.ts";
import type { Logger } from "./logger.ts";
import { repoRoot } from "./paths.ts";
import type { SeedOptions } from "./seed-data.ts";
import type { Sql } from "./sql.ts";

/** What every generated Prisma client offers that the plumbing needs. */
export interface PrismaLike {
  $disconnect(): Promise<void>;
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
  $on(eventType: "query", callback: (event: QueryEvent) => void): unknown;
}

/**
 * What a service passes to its generated PrismaClient: the driver adapter, and query events (emitted, never
 * printed) so every SQL statement can be counted (db_queries_total). Prisma 6.19 emits them with driver
 * adapters and engineType "client" on PGlite and PostgreSQL alike (checked: one event per statement and one per
 * COMMIT, including the implicit transaction Prisma wraps some single writes in; BEGIN is not reported).
 */
export interface ClientOptions {
  adapter: DatabaseConnection["adapter"];
  log: Array<{ emit: "event"; level: "query" }>;
}

/** One SQL statement as Prisma reports it: the text with $n placeholders, its parameters as a JSON array. */
export interface QueryEvent {
  query: string;
  params: string;
  duration: number;
}

/** Called once per SQL statement the service's Prisma client runs. */
export type QueryListener = (event: QueryEvent) => void;

export type SeedMode = "auto" | "always" | "never";

export interface ServiceDatabaseOptions<P extends PrismaLike> {
  service: string;
  url: string;
  createClient: (options: ClientOptions) => P;
  /** Inserts the demo data; must be idempotent (it creates only what is missing). */
  seed?: (prisma: P, options: SeedOptions) => Promise<void>;
  /**
   * auto: outside production, seed what is missing (seeds only create missing rows); in production, seed only
   * a fresh embedded (PGlite) database, for a local trial, never PostgreSQL; always; never.
   */
  seedMode: SeedMode;
  production: boolean;
  logger: Logger;
  poolSize?: number;
  /**
   * true (default, the local embedded path): apply pending migrations and seed here. false (images and
   * manifests): a separate migration job does both, and this process is not ready while the schema is behind.
   */
  migrateOnStart?: boolean;
}

export interface ServiceDatabase<P extends PrismaLike> {
  prisma: P;
  /** Plain SQL past Prisma's query compiler, for the hot read paths (sql.ts); its statements are counted too. */
  sql: Sql;
  connection: DatabaseConnection;
  /** Migrations applied by this call (none when migrateOnStart is false). */
  applied: string[];
  /** Throws when the database does not answer, or its schema is behind this release's migrations. */
  ready(): Promise<void>;
  /** Calls `listener` for every SQL statement from now on (migrations and seeding before it are not counted). */
  onQuery(listener: QueryListener): void;
  close(): Promise<void>;
}

export function migrationsDir(service: string): string {
  return path.join(repoRoot, "prisma", service, "migrations");
}

export async function openServiceDatabase<P extends PrismaLike>(options: ServiceDatabaseOptions<P>): Promise<ServiceDatabase<P>> {
  const { service, logger } = options;
  const migrateOnStart = options.migrateOnStart ?? true;
  // A new embedded database is migrated and seeded aside and appears under its directory only when complete.
  let applied: string[] | undefined;
  const connection = await openDatabase(options.url, {
    poolSize: options.poolSize,
    service,
    creating: () => logger.info({ database: options.url }, "creating the embedded database"),
    initialise: async (building) => {
      const prisma = createClient(options, building);
      try {
        applied = await prepare(options, building, prisma, migrateOnStart);
      } finally {
        await prisma.$disconnect();
      }
    },
  });
  try {
    const prisma = createClient(options, connection);
    applied ??= await prepare(options, connection, prisma, migrateOnStart);
    const queryListeners: QueryListener[] = [];
    const emit = (event: QueryEvent) => {
      for (const listener of queryListeners) listener(event);
    };
    prisma.$on("query", emit);
    const sql = connection.sql((query, values, duration) => {
      if (queryListeners.length) emit({ query, params: JSON.stringify(values, (_, v) => (typeof v === "bigint" ? String(v) : v)), duration });
    });
    const schemaCurrent = migrateOnStart ? async () => {} : schemaGate(prisma, service, logger);
    await schemaCurrent().catch(() => {}); // logged by the gate; the process stays up, not ready
    return {
      prisma,
      sql,
      connection,
      applied,
      ready: async () => {
        await prisma.$queryRawUnsafe("SELECT 1");
        await schemaCurrent();
      },
      onQuery: (listener) => {
        queryListeners.push(listener);
      },
      close: async () => {
        await prisma.$disconnect();
        await connection.close();
      },
    };
  } catch (error) {
    await connection.close();
    throw error;
  }
}

function createClient<P extends PrismaLike>(options: ServiceDatabaseOptions<P>, connection: DatabaseConnection): P {
  return options.createClient({ adapter: connection.adapter, log: [{ emit: "event", level: "query" }] });
}

/** Applies pending migrations and seeds per SEED (when migrating at start); returns the migrations applied. */
async function prepare<P extends PrismaLike>(options: ServiceDatabaseOptions<P>, connection: DatabaseConnection, prisma: P, migrateOnStart: boolean): Promise<string[]> {
  const { service, logger } = options;
  if (!migrateOnStart) return [];
  const applied = await connection.migrate(migrationsDir(service));
  if (applied.length) logger.info({ applied, database: connection.location }, "migrations applied");
  // Seeds create only what is missing, so running them on every development start is safe (and on PostgreSQL a
  // first start killed between migrating and seeding still ends up with the demo data next time).
  const fresh = applied.length > 0 && applied[0] === firstMigration(service);
  const auto = options.seedMode === "auto" && (!options.production || (fresh && connection.kind === "pglite"));
  if (options.seed && (options.seedMode === "always" || auto)) {
    await options.seed(prisma, { production: options.production });
    logger[fresh ? "info" : "debug"]({ database: connection.location }, "demo data seeded");
  }
  return applied;
}

/** Names of this release's migrations that the database has not recorded as applied (Prisma's `_prisma_migrations`). */
export async function pendingMigrations(prisma: PrismaLike, service: string): Promise<string[]> {
  const [table] = await prisma.$queryRawUnsafe<{ present: boolean }[]>(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS present`);
  const rows = table?.present
    ? await prisma.$queryRawUnsafe<{ migration_name: string }[]>(
        `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      )
    : [];
  const applied = new Set(rows.map((row) => row.migration_name));
  return readMigrations(migrationsDir(service))
    .map((migration) => migration.name)
    .filter((name) => !applied.has(name));
}

/**
 * A readiness check that passes once every migration of this release is applied. A replica started before its
 * migration job finished must not serve queries the old schema cannot answer; once current, it stays current
 * (migrations only move forward), so the database is asked again only while the schema is behind.
 */
function schemaGate(prisma: PrismaLike, service: string, logger: Logger): () => Promise<void> {
  let current = false;
  let reported = "";
  return async () => {
    if (current) return;
    const pending = await pendingMigrations(prisma, service);
    if (pending.length === 0) {
      current = true;
      if (reported) logger.info("database schema is current: ready");
      return;
    }
    const message = `database schema is behind this release (pending: ${pending.join(", ")}): run the ${service} migration job; not ready until then`;
    if (reported !== message) logger.error({ pending }, message);
    reported = message;
    throw new Error(message);
  };
}

function firstMigration(service: string): string | undefined {
  return readMigrations(migrationsDir(service))[0]?.name;
}
