// The CPU one subgraph spends per request, without the router or a load generator's noise: starts the products
// subgraph alone (as `pnpm start` runs it, NODE_ENV=production, LOG_LEVEL=warn) on a throwaway database, sends it
// `_entities` requests the way the router does (one credential signed per request, bound to its operation), each
// answered with one indexed SQL statement, and reads the process's CPU time from /proc/<pid>/stat around each
// round. Prints every round and the median CPU ms per request.
//
//   pnpm --filter @shop/bench subgraph-cost [--requests 4000] [--rounds 5] [--concurrency 8] [--profile]
//
// On PostgreSQL when BENCH_POSTGRES_URL is set (throwaway databases, dropped at the end), on PGlite otherwise.
// --profile writes a CPU profile of the measured rounds to bench/results/ (summarise it with profile:summary).
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createLogger } from "@shop/shared/logger";
import { repoRoot } from "@shop/shared/paths";
import { openServiceDatabase } from "@shop/shared/service-database";
import { derivedTrustedKeys } from "@shop/shared/service-keys";
import { callSubgraph } from "@shop/shared/testing";
import { benchDatabases } from "./databases.ts";
import { DECLARATIONS } from "./declarations.ts";
import { freePort, onCleanup, spawnService, stopAll, stopAllOnSignals, stopService, waitUntil } from "./processes.ts";
import { cpuMsBetween, readCpuTicks } from "./proc-stat.ts";
import { median } from "./stats.ts";

const { values: args } = parseArgs({
  options: {
    requests: { type: "string", default: "4000" },
    rounds: { type: "string", default: "5" },
    concurrency: { type: "string", default: "8" },
    warmup: { type: "string", default: "1500" },
    profile: { type: "boolean", default: false },
    verbose: { type: "boolean", default: false },
  },
});
const requests = Number(args.requests);
const rounds = Number(args.rounds);
const concurrency = Number(args.concurrency);

// The router's query for a product entity: one DataLoader batch, one `WHERE id = ANY($1)` statement.
const QUERY = "query($representations:[_Any!]!){_entities(representations:$representations){...on Product{id name priceCents currency stock inStock}}}";

async function main(): Promise<void> {
  stopAllOnSignals();
  const secret = randomBytes(32).toString("base64url");
  const env = { NODE_ENV: "production", LOG_LEVEL: "warn", JWT_SECRET: randomBytes(32).toString("base64url"), SUBGRAPH_SECRET: secret };
  const workDir = mkdtempSync(path.join(os.tmpdir(), "shop-subgraph-cost-"));
  onCleanup(() => rmSync(workDir, { recursive: true, force: true }));
  // The bench's own databases (databases.ts), seeded as for `pnpm bench`; only products' is used.
  const databases = benchDatabases(workDir, process.env.BENCH_POSTGRES_URL, []);
  onCleanup(() => databases.drop());
  const url = (await databases.create("cost")).products;
  const { createClient } = DECLARATIONS.products;
  const prepared = await openServiceDatabase({ service: "products", url, createClient, seedMode: "never", production: false, logger: createLogger("subgraph-cost", "warn") });
  const ids = (await prepared.sql.query<{ id: string }>('SELECT id FROM "Product" ORDER BY id')).map((row) => row.id);
  await prepared.close();

  const port = await freePort();
  const profileDir = path.join(repoRoot, "bench", "results", `subgraph-cost-${new Date().toISOString().replace(/[:.]/g, "-")}`);
  const service = spawnService(
    "products",
    "subgraphs/products/src/main.ts",
    { ...env, PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: url, SEED: "never" },
    { verbose: args.verbose, critical: true, nodeArgs: args.profile ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [] },
  );
  await waitUntil(service, async () => (await fetch(`http://127.0.0.1:${port}/ready`, { signal: AbortSignal.timeout(2_000) })).ok, 120_000);
  const endpoint = `http://127.0.0.1:${port}/graphql`;
  const keys = { trusted: derivedTrustedKeys(secret, "products", ["router"]) };

  let sent = 0;
  const send = async (count: number) => {
    let next = 0;
    const worker = async () => {
      while (next < count) {
        next++;
        const at = sent++;
        const representations = [0, 1, 2].map((k) => ({ __typename: "Product", id: ids[(at * 3 + k) % ids.length] }));
        const response = await callSubgraph(endpoint, keys, QUERY, { representations });
        if (response.status !== 200 || response.errors) throw new Error(`unexpected answer ${response.status}: ${JSON.stringify(response.errors)}`);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  };

  await send(Number(args.warmup));
  const measuredFrom = process.hrtime.bigint();
  const perRequest: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    const before = readCpuTicks(service.pid);
    const started = performance.now();
    await send(requests);
    const after = readCpuTicks(service.pid);
    const cpuMs = cpuMsBetween(before, after);
    const systemMs = cpuMsBetween({ utime: 0, stime: before.stime }, { utime: 0, stime: after.stime });
    const seconds = (performance.now() - started) / 1000;
    perRequest.push(cpuMs / requests);
    console.log(
      `round ${round}: ${(cpuMs / requests).toFixed(3)} ms CPU per request (${(systemMs / requests).toFixed(3)} in the kernel), ${Math.round(requests / seconds)} requests/s`,
    );
  }
  console.log(`products subgraph, ${requests} _entities requests x ${rounds} rounds, ${concurrency} concurrent: median ${median(perRequest).toFixed(3)} ms CPU per request`);
  await stopService(service);
  if (args.profile) {
    for (const file of readdirSync(profileDir).filter((name) => name.endsWith(".cpuprofile"))) {
      writeFileSync(path.join(profileDir, file.replace(/\.cpuprofile$/, ".measured.cpuprofile")), JSON.stringify(measuredPart(readFileSync(path.join(profileDir, file), "utf8"), measuredFrom)));
    }
    console.log(`CPU profiles in ${profileDir}, *.measured.cpuprofile: the measured rounds only (pnpm --filter @shop/bench profile:summary <file>)`);
  }
}

/**
 * The samples of a V8 CPU profile taken from `from` on (process.hrtime's clock, which V8's profile timestamps share
 * on Linux: CLOCK_MONOTONIC in microseconds), without the start-up (module loading, tsx compiling) and the warm-up.
 */
function measuredPart(text: string, from: bigint): { nodes: unknown[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] } {
  const profile = JSON.parse(text) as { nodes: unknown[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] };
  const fromUs = Number(from / 1000n);
  const samples: number[] = [];
  const timeDeltas: number[] = [];
  let at = profile.startTime;
  profile.samples.forEach((sample, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (at < fromUs) return;
    samples.push(sample);
    timeDeltas.push(profile.timeDeltas[i] ?? 0);
  });
  return { ...profile, startTime: fromUs, samples, timeDeltas };
}

try {
  await main();
} finally {
  await stopAll();
}
