// Starts the four real subgraphs once, as separate processes on free ports, each on a fresh PGlite database
// in a temporary folder seeded with the demo data, exactly as `pnpm start` runs them.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort, onCleanup, type Service, spawnService, waitUntil } from "./processes.ts";

export const SUBGRAPH_NAMES = ["users", "products", "orders", "payments"] as const;

export interface RunningSubgraphs {
  services: Service[];
  /** USERS_URL, PRODUCTS_URL, ... as the router reads them. */
  urls: Record<string, string>;
  /** A temporary folder removed at the end (databases, the composed supergraph). */
  workDir: string;
}

export async function startSubgraphs(env: Record<string, string>, verbose: boolean): Promise<RunningSubgraphs> {
  const workDir = mkdtempSync(path.join(tmpdir(), "shop-bench-"));
  onCleanup(() => rmSync(workDir, { recursive: true, force: true }));
  const started = await Promise.all(
    SUBGRAPH_NAMES.map(async (name) => {
      const port = await freePort();
      const service = spawnService(
        name,
        `subgraphs/${name}/src/main.ts`,
        { ...env, PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: `pglite:${path.join(workDir, name)}`, SEED: "auto" },
        { verbose, critical: true },
      );
      return { name, port, service };
    }),
  );
  // Migrating and seeding a fresh PGlite database takes a few seconds per subgraph.
  await Promise.all(
    started.map(({ port, service }) =>
      waitUntil(service, async () => (await fetch(`http://127.0.0.1:${port}/ready`, { signal: AbortSignal.timeout(2_000) })).ok, 300_000),
    ),
  );
  return {
    services: started.map(({ service }) => service),
    urls: Object.fromEntries(started.map(({ name, port }) => [`${name.toUpperCase()}_URL`, `http://127.0.0.1:${port}/graphql`])),
    workDir,
  };
}
