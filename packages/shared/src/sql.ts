// Plain SQL on a service's own database, past Prisma's query compiler, for the hot read paths (the DataLoaders
// that every entity reference and list field goes through).
//
// Prisma 6's client compiles every call in its WebAssembly query compiler into a plan that holds the call's
// values, so nothing is reused from one call to the next: on PostgreSQL a `findMany` of one indexed statement cost
// 1.2-1.6 ms of CPU, a tagged `$queryRaw` 0.6 ms, the same statement on the pg pool 0.1 ms (a prepared one 0.09 ms),
// and the subgraphs' profiles in the bench showed the compiler as their largest cost. Writes keep Prisma's typed
// queries and `$queryRaw` (their SQL is rarer and their transactions are Prisma's); reads that run on every
// request use this.
//
// Rows come back as Prisma returns them: column names as in the schema, `timestamp` columns as Dates in UTC
// (Prisma stores DateTime as UTC without a time zone, and node-postgres would read them in the machine's zone),
// `bigint` as BigInt, enums as their names.
import { createHash } from "node:crypto";
import type { PGlite } from "@electric-sql/pglite";
import type pg from "pg";

export interface Sql {
  /** Runs one statement with `$1`-style placeholders and returns its rows. */
  query<Row>(text: string, values?: readonly unknown[]): Promise<Row[]>;
}

/** Called after each statement, for the db_queries_total counter. */
export type StatementListener = (text: string, values: readonly unknown[], durationMs: number) => void;

const TIMESTAMP = 1114;
const INT8 = 20;
const parseTimestamp = (value: string) => new Date(`${value.replace(" ", "T")}Z`);
const parseInt8 = (value: string) => BigInt(value);

/** node-postgres type parsers: the defaults, except the two that Prisma reads differently. */
function prismaTypes(pgModule: typeof pg): pg.CustomTypesConfig {
  return {
    getTypeParser: ((oid: number, format?: "text" | "binary") => {
      if (oid === TIMESTAMP) return parseTimestamp;
      if (oid === INT8) return parseInt8;
      return pgModule.types.getTypeParser(oid, format);
    }) as pg.CustomTypesConfig["getTypeParser"],
  };
}

/**
 * SQL on a pg pool. Each distinct text is a named prepared statement, so PostgreSQL parses and plans it once per
 * connection instead of once per request.
 */
export function poolSql(pool: pg.Pool, pgModule: typeof pg, onStatement?: StatementListener): Sql {
  const types = prismaTypes(pgModule);
  const names = new Map<string, string>();
  const nameOf = (text: string) => {
    let name = names.get(text);
    if (!name) {
      name = `shop_${createHash("sha1").update(text).digest("hex").slice(0, 20)}`;
      names.set(text, name);
    }
    return name;
  };
  return {
    async query<Row>(text: string, values: readonly unknown[] = []) {
      const started = performance.now();
      const result = await pool.query({ name: nameOf(text), text, values: [...values], types });
      onStatement?.(text, values, performance.now() - started);
      return result.rows as Row[];
    },
  };
}

/** SQL on an embedded PGlite database (one in-process connection). */
export function pgliteSql(pglite: PGlite, onStatement?: StatementListener): Sql {
  const parsers = { [TIMESTAMP]: parseTimestamp, [INT8]: parseInt8 };
  return {
    async query<Row>(text: string, values: readonly unknown[] = []) {
      const started = performance.now();
      const result = await pglite.query<Row>(text, [...values], { parsers });
      onStatement?.(text, values, performance.now() - started);
      return result.rows;
    },
  };
}

/** `sql` with `onStatement` told of each statement's text before it runs (tests count what a loader sends). */
export function observedSql(sql: Sql, onStatement: (text: string) => void): Sql {
  return {
    query<Row>(text: string, values?: readonly unknown[]) {
      onStatement(text);
      return sql.query<Row>(text, values);
    },
  };
}
