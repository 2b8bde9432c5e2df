// Reads the counters the bench divides by operations from Prometheus /metrics pages: graphql_requests_total
// (every subgraph has it) and db_queries_total (SQL statements; absent until a service exports it).

/** The sum of every series of `name` in a Prometheus text page; null when the page has no such series. */
export function sumSeries(page: string, name: string): number | null {
  let total: number | null = null;
  for (const line of page.split("\n")) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    // The name must end here (not db_queries_total_created, nor a longer name with the same start).
    if (rest[0] !== " " && rest[0] !== "{") continue;
    const value = Number(rest.slice(rest.lastIndexOf(rest.includes("}") ? "}" : " ") + 1).trim().split(/\s+/)[0]);
    if (Number.isFinite(value)) total = (total ?? 0) + value;
  }
  return total;
}

export interface Counters {
  graphqlRequests: number;
  /** null when no page had db_queries_total. */
  dbQueries: number | null;
}

export function sumCounters(pages: string[]): Counters {
  let graphqlRequests = 0;
  let dbQueries: number | null = null;
  for (const page of pages) {
    graphqlRequests += sumSeries(page, "graphql_requests_total") ?? 0;
    const queries = sumSeries(page, "db_queries_total");
    if (queries !== null) dbQueries = (dbQueries ?? 0) + queries;
  }
  return { graphqlRequests, dbQueries };
}

/** Counters of several processes added up (db_queries_total stays null only when no process had it). */
export function addCounters(list: Counters[]): Counters {
  return list.reduce<Counters>(
    (sum, c) => ({
      graphqlRequests: sum.graphqlRequests + c.graphqlRequests,
      dbQueries: sum.dbQueries === null && c.dbQueries === null ? null : (sum.dbQueries ?? 0) + (c.dbQueries ?? 0),
    }),
    { graphqlRequests: 0, dbQueries: null },
  );
}

/** Scrapes every /metrics page and sums their counters. */
export async function readCounters(metricsUrls: string[]): Promise<Counters> {
  const pages = await Promise.all(
    metricsUrls.map(async (url) => {
      const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      if (!response.ok) throw new Error(`${url} answered ${response.status}`);
      return response.text();
    }),
  );
  return sumCounters(pages);
}

/**
 * The counters once they stop moving: requests still in flight when the load stops finish their subgraph
 * fetches and queries afterwards, and belong to the operations just measured. Reads every `intervalMs` until
 * two readings agree, for at most `maxMs`.
 */
export async function settledCounters(metricsUrls: string[], intervalMs = 100, maxMs = 5_000): Promise<Counters> {
  const deadline = Date.now() + maxMs;
  let last = await readCounters(metricsUrls);
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    const next = await readCounters(metricsUrls);
    if (next.graphqlRequests === last.graphqlRequests && next.dbQueries === last.dbQueries) return next;
    last = next;
  }
  return last;
}

/** (after - before) / operations; null when the counter is missing on either side or nothing was done. */
export function perOperation(before: number | null, after: number | null, operations: number): number | null {
  if (before === null || after === null || operations <= 0) return null;
  return (after - before) / operations;
}
