// Starts the real subgraphs once, as separate processes on free ports, each on its own database that the
// bench has migrated and seeded (databases.ts), exactly as `pnpm start` runs them.
import path from "node:path";
import { type DatabaseUrls, SERVICES } from "./databases.ts";
import { freePort, type Service, spawnService, waitUntil } from "./processes.ts";

export interface RunningSubgraphs {
  services: Service[];
  /** USERS_URL, PRODUCTS_URL, ... as the router reads them. */
  urls: Record<string, string>;
  /** Their Prometheus pages (graphql_requests_total, db_queries_total). */
  metricsUrls: string[];
  /** Resolves once every subgraph answers /ready (their URLs are known before, so gateways can start meanwhile). */
  ready: Promise<void>;
}

/** Starts the four subgraphs; with `profileDir`, each writes a CPU profile of the whole run to subgraph-<name>/ when it stops. */
export async function startSubgraphs(
  env: Record<string, string>,
  databases: DatabaseUrls,
  { verbose, profileDir }: { verbose: boolean; profileDir?: string },
): Promise<RunningSubgraphs> {
  const ports = Object.fromEntries(await Promise.all(SERVICES.map(async (name) => [name, await freePort()] as const)));
  // Orders calls products (stock) and payments calls orders (the order it charges), over HTTP as in production:
  // every subgraph gets every <NAME>_URL, as the router does.
  const urls = Object.fromEntries(SERVICES.map((name) => [`${name.toUpperCase()}_URL`, `http://127.0.0.1:${ports[name]}/graphql`]));
  const started = SERVICES.map((name) => {
    const port = ports[name]!;
    const service = spawnService(
      name,
      `subgraphs/${name}/src/main.ts`,
      { ...env, ...urls, PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: databases[name], SEED: "never" },
      { verbose, critical: true, nodeArgs: profileDir ? ["--cpu-prof", `--cpu-prof-dir=${path.join(profileDir, `subgraph-${name}`)}`] : [] },
    );
    return { name, port, service };
  });
  // Opening a PGlite database takes a few seconds per subgraph.
  const ready = Promise.all(
    started.map(({ port, service }) =>
      waitUntil(service, async () => (await fetch(`http://127.0.0.1:${port}/ready`, { signal: AbortSignal.timeout(2_000) })).ok, 300_000),
    ),
  ).then(() => undefined);
  return {
    ready,
    services: started.map(({ service }) => service),
    urls,
    metricsUrls: started.map(({ port }) => `http://127.0.0.1:${port}/metrics`),
  };
}
