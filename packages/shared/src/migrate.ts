// Applies a service's Prisma migrations (prisma/<service>/migrations/*/migration.sql), at start-up or in its migration job.
//
// Why not `prisma migrate deploy`: offline, Prisma 6.19's WebAssembly schema engine takes ~15 s per
// PGlite database and fails on PostgreSQL through @prisma/adapter-pg ("Column type 'name' could not be
// deserialized"). Migrations are still written by `prisma migrate diff`; this applier records them in
// Prisma's own `_prisma_migrations` table (same columns, SHA-256 checksums), so Prisma's tooling and this
// code agree on what has been applied. Each migration runs in its own transaction under Prisma's
// advisory lock, so replicas starting together apply it once.
import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";

/** The smallest SQL surface the applier needs, on one dedicated connection. */
interface SqlSession {
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  exec(script: string): Promise<void>;
  close(): Promise<void>;
}

const PRISMA_MIGRATION_LOCK = 72707369;
const MIGRATION_NAME = /^[0-9]{14}_[a-z0-9_]+$/;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(dir: string): Migration[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      if (!MIGRATION_NAME.test(name)) throw new Error(`Migration folder ${name} must be named <14 digits>_<snake_case>`);
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

function pgliteSession(db: PGlite): SqlSession {
  return {
    query: async <T>(sql: string, params?: unknown[]) => (await db.query<T>(sql, params)).rows,
    exec: async (script) => {
      await db.exec(script);
    },
    close: async () => {},
  };
}

async function postgresSession(url: string): Promise<SqlSession> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    query: async <T>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as T[],
    exec: async (script) => {
      await client.query(script);
    },
    close: () => client.end(),
  };
}

/** Applies pending migrations; refuses to run when an applied migration's file was edited. Returns what it applied. */
export async function migrate(target: PGlite | string, migrationsDir: string): Promise<string[]> {
  const session = typeof target === "string" ? await postgresSession(target) : pgliteSession(target);
  try {
    await session.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATION_LOCK]);
    await session.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0
    )`);
    const applied = await session.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
    );
    const byName = new Map(applied.map((row) => [row.migration_name, row]));
    const done: string[] = [];
    for (const migration of readMigrations(migrationsDir)) {
      const row = byName.get(migration.name);
      if (row) {
        if (!row.finished_at) throw new Error(`Migration ${migration.name} was started but never finished; resolve it by hand`);
        if (row.checksum !== migration.checksum) throw new Error(`Migration ${migration.name} was edited after it was applied`);
        continue;
      }
      // The migration and its record commit together: a crash leaves neither.
      await session.exec(
        `BEGIN;\n${migration.sql}\n;INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
         VALUES ('${randomUUID()}', '${migration.checksum}', '${migration.name}', now(), now(), 1);\nCOMMIT;`,
      );
      done.push(migration.name);
    }
    return done;
  } catch (error) {
    await session.exec("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    await session.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATION_LOCK]).catch(() => {});
    await session.close();
  }
}
