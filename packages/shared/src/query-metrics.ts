// db_queries_total: every SQL statement a subgraph's Prisma client runs, so N+1 regressions show in /metrics.
import { Counter, type Registry } from "prom-client";
import type { QueryListener } from "./service-database.ts";

export const DB_QUERIES_METRIC = "db_queries_total";

/**
 * A monotonically increasing counter of SQL statements (the registry's default `service` label is its only
 * label: Prisma's query event names no model, and parsing SQL for one would be guesswork). It counts what the
 * process runs after the server starts: request resolvers, background workers (sweeper, recovery, outbox) and
 * /ready probes (`SELECT 1`); migrations and seeding run before it and are not counted.
 * The query text is never logged: it counts, nothing more.
 */
export function registerQueryMetrics(registry: Registry, onQuery: (listener: QueryListener) => void): void {
  const queries = new Counter({
    name: DB_QUERIES_METRIC,
    help: "SQL statements run by this service's Prisma client (one per Prisma query event, COMMITs included)",
    registers: [registry],
  });
  onQuery(() => queries.inc());
}
