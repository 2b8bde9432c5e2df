// Counts what one operation costs each subgraph: SQL statements (db_queries_total) and GraphQL requests
// (graphql_requests_total), as deltas of the counters every subgraph exports at /metrics.
import { SERVICES, type ServiceName } from "./databases.ts";

export type PerSubgraph = Record<ServiceName, number>;

export interface OperationCost {
  /** SQL statements each subgraph ran. */
  sql: PerSubgraph;
  /** GraphQL requests each subgraph received (from the router, or sent to it directly). */
  requests: PerSubgraph;
}

/** The sum of every series of `name` in a Prometheus text exposition (0 when there is none). */
export function sumOfSeries(text: string, name: string): number {
  let sum = 0;
  for (const line of text.split("\n")) {
    if (line.startsWith(`${name}{`) || line.startsWith(`${name} `)) sum += Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return sum;
}

async function readCounters(subgraphs: Record<ServiceName, { url: string }>): Promise<OperationCost> {
  const texts = await Promise.all(SERVICES.map(async (name) => (await fetch(new URL("/metrics", subgraphs[name].url))).text()));
  const pick = (metric: string) => Object.fromEntries(SERVICES.map((name, i) => [name, sumOfSeries(texts[i]!, metric)])) as PerSubgraph;
  return { sql: pick("db_queries_total"), requests: pick("graphql_requests_total") };
}

/**
 * Runs `operation` and returns its result with the counters' growth per subgraph. Background workers must be
 * idle meanwhile (the tests give them an interval far longer than the test), or their statements count too.
 */
export async function measure<T>(subgraphs: Record<ServiceName, { url: string }>, operation: () => Promise<T>): Promise<OperationCost & { result: T }> {
  const before = await readCounters(subgraphs);
  const result = await operation();
  const after = await readCounters(subgraphs);
  const delta = (key: keyof OperationCost) =>
    Object.fromEntries(SERVICES.map((name) => [name, after[key][name] - before[key][name]])) as PerSubgraph;
  return { result, sql: delta("sql"), requests: delta("requests") };
}

export const total = (counts: PerSubgraph): number => SERVICES.reduce((sum, name) => sum + counts[name], 0);
