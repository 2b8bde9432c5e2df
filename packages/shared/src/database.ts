// Chooses a service's database from its DATABASE_URL: PostgreSQL for postgres:// URLs, embedded PGlite otherwise.
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { defaultDataDir, openEmbedded } from "./embedded-database.ts";
import { migrate } from "./migrate.ts";
import { repoRoot } from "./paths.ts";
import { pgliteSql, poolSql, type Sql, type StatementListener } from "./sql.ts";

export type DatabaseKind = "postgresql" | "pglite";

/** A driver adapter factory plus the handle that must be closed when the service stops. */
export interface DatabaseConnection {
  kind: DatabaseKind;
  /** Where the data lives, without credentials, for logs. */
  location: string;
  adapter: PrismaPg | PrismaPGlite;
  /** Plain SQL on the same database, past Prisma's query compiler (sql.ts): for the hot read paths. */
  sql(onStatement?: StatementListener): Sql;
  /** Applies pending migrations from a prisma/<service>/migrations folder. */
  migrate(migrationsDir: string): Promise<string[]>;
  /** Closes the embedded database (Prisma's $disconnect does not) or the PostgreSQL pool. */
  close(): Promise<void>;
  /** Connection pool counts, for metrics; absent for PGlite (one in-process connection). */
  pool?: () => { total: number; idle: number; waiting: number; max: number };
}

/** Default PGlite directory of a service: `.data/<service>` at the repository root. */
export function defaultDatabaseUrl(service: string): string {
  return `pglite:${defaultDataDir(service)}`;
}

export function databaseKind(url: string): DatabaseKind {
  return /^postgres(ql)?:\/\//.test(url) ? "postgresql" : "pglite";
}

/** Strips a password from a URL so it can be logged. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
}

/** The directory of a `pglite:<dir>` (or plain path) URL, resolved from the repository root; undefined for memory:// and PostgreSQL. */
export function embeddedDirectory(url: string): string | undefined {
  if (url === "memory://" || databaseKind(url) === "postgresql") return undefined;
  return path.resolve(repoRoot, url.replace(/^pglite:(\/\/)?/, "").replace(/^file:/, ""));
}

export interface OpenDatabaseOptions {
  poolSize?: number;
  /** The service it belongs to, named in errors with the command that recovers its directory. */
  service?: string;
  /** Told when an embedded database does not exist yet and is about to be created. */
  creating?: () => void;
  /**
   * Prepares a new embedded database (migrations, demo data) before it appears under its directory: a first start
   * killed at any moment leaves nothing behind. Not called for PostgreSQL, memory://, or a database that exists.
   */
  initialise?: (connection: DatabaseConnection) => Promise<void>;
}

/**
 * Opens the database named by `url`:
 * - `postgresql://...` or `postgres://...`: a pg pool through @prisma/adapter-pg;
 * - `pglite:<dir>` or a plain directory path: PGlite persisted in that directory, which this process locks;
 * - `memory://`: an in-memory PGlite (tests).
 */
export async function openDatabase(url: string, options: OpenDatabaseOptions = {}): Promise<DatabaseConnection> {
  if (databaseKind(url) === "postgresql") {
    // The pool is ours (not the adapter's) so its counts can be exported as metrics.
    const max = options.poolSize ?? 10;
    const pool = new pg.Pool({ connectionString: url, max });
    return {
      kind: "postgresql",
      location: redactUrl(url),
      adapter: new PrismaPg(pool),
      sql: (onStatement) => poolSql(pool, pg, onStatement),
      migrate: (dir) => migrate(url, dir),
      close: async () => {
        if (pool.ended || pool.ending) return;
        // pg-pool's end() resolves once it has asked its clients to end, not once they have: wait for each
        // client's 'remove' (emitted when its connection has closed), or a DROP DATABASE ... WITH (FORCE) right
        // after close() kills a connection still closing, and its error is thrown with no listener to catch it.
        let open = pool.totalCount;
        const closed = new Promise<void>((resolve) => {
          if (open === 0) resolve();
          pool.on("remove", () => {
            if (--open === 0) resolve();
          });
        });
        await pool.end();
        await closed;
      },
      pool: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max }),
    };
  }
  const dataDir = embeddedDirectory(url);
  if (!dataDir) {
    const pglite = new PGlite();
    await pglite.waitReady;
    return pgliteConnection(pglite, "memory://", async () => {
      if (!pglite.closed) await pglite.close();
    });
  }
  const { initialise } = options;
  const opened = await openEmbedded(dataDir, {
    service: options.service,
    creating: options.creating,
    initialise: initialise && ((pglite) => initialise(pgliteConnection(pglite, dataDir, async () => {}))),
  });
  return pgliteConnection(opened.pglite, dataDir, opened.close);
}

function pgliteConnection(pglite: PGlite, location: string, close: () => Promise<void>): DatabaseConnection {
  return {
    kind: "pglite",
    location,
    adapter: new PrismaPGlite(pglite),
    sql: (onStatement) => pgliteSql(pglite, onStatement),
    migrate: (dir) => migrate(pglite, dir),
    close,
  };
}
