// Opens a service's own database, applies its migrations, seeds a fresh one, and closes it all on stop.
import path from "node:path";
import { type DatabaseConnection, openDatabase } from "./database.js";
import { readMigrations } from "./migrate.js";
import type { Logger } from "./logger.js";
import { repoRoot } from "./paths.js";

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
  seed?: (prisma: P) => Promise<void>;
  /**
   * auto: outside production, seed what is missing (seeds only create missing rows); in production, seed only
   * a fresh embedded (PGlite) database, for a local trial, never PostgreSQL; always; never.
   */
  seedMode: SeedMode;
  production: boolean;
  logger: Logger;
  poolSize?: number;
}

export interface ServiceDatabase<P extends PrismaLike> {
  prisma: P;
  connection: DatabaseConnection;
  /** Throws when the database does not answer. */
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
  const connection = await openDatabase(options.url, { poolSize: options.poolSize });
  try {
    const applied = await connection.migrate(migrationsDir(service));
    if (applied.length) logger.info({ applied, database: connection.location }, "migrations applied");
    const prisma = options.createClient({ adapter: connection.adapter, log: [{ emit: "event", level: "query" }] });
    const queryListeners: QueryListener[] = [];
    prisma.$on("query", (event) => {
      for (const listener of queryListeners) listener(event);
    });
    // Seeds create only what is missing, so running them on every development start is safe, and a first
    // start killed between migrating and seeding still ends up with the demo data next time.
    const fresh = applied.length > 0 && applied[0] === firstMigration(service);
    const auto = options.seedMode === "auto" && (!options.production || (fresh && connection.kind === "pglite"));
    if (options.seed && (options.seedMode === "always" || auto)) {
      await options.seed(prisma);
      logger.info({ database: connection.location }, "demo data seeded");
    }
    return {
      prisma,
      connection,
      ready: async () => {
        await prisma.$queryRawUnsafe("SELECT 1");
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

function firstMigration(service: string): string | undefined {
  return readMigrations(migrationsDir(service))[0]?.name;
}
