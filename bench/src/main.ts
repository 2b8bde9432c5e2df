// `pnpm bench`: measures our router against peer gateways and a reference monolith in front of the same four
// real subgraphs and data, in interleaved rounds; writes bench/results/latest.json and BENCHMARKS.md.
// See bench/README.md for the method.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import path from "node:path";
import { repoRoot } from "@shop/shared/paths";
import { composeSupergraph, readSupergraphConfig } from "../../router/src/supergraph.ts";
import { loadBenchConfig } from "./config.ts";
import { benchDatabases, type DatabaseUrls } from "./databases.ts";
import { GATEWAYS, installedVersion, isOurs, peerSupergraph, type RunningGateway, startGateway } from "./gateways.ts";
import { LoadGenerator } from "./load.ts";
import { benchmarksMarkdown, describeMachine } from "./markdown.ts";
import { addCounters, type Counters, perOperation, readCounters, settledCounters } from "./metrics.ts";
import { parseOptions, USAGE } from "./options.ts";
import { isStopping, onCleanup, stopAll, stopAllOnSignals, stopService } from "./processes.ts";
import { cpuMsBetween, readCpuTicks, readRssMb } from "./proc-stat.ts";
import { login, type Reference, reference, type SignedInShopper } from "./reference.ts";
import { buildScenarioReports, formatReport, latestJson, type Measurement, roundedMeasurements, writeJson } from "./report.ts";
import { scenarios as allScenarios, ada, grace, type Shopper } from "./scenarios.ts";
import { benchShoppers, SHOPPER_PASSWORD } from "./shoppers.ts";
import { startSubgraphs } from "./subgraphs.ts";

/** A subgraph with no load: what its background work costs, and the requests it serves meanwhile. */
interface SubgraphIdle {
  cpuMsPerSecond: number;
  requestsPerSecond: number;
}

const parsed = parseOptions(process.argv.slice(2).filter((arg) => arg !== "--"));
if (parsed === "help") {
  console.log(USAGE);
  process.exit(0);
}
const options = parsed;
const config = loadBenchConfig();
const scenarios = allScenarios.filter((s) => options.scenarios.includes(s.name));
const definitions = GATEWAYS.filter((g) => options.gateways.includes(g.id));
const t0 = Date.now();
const log = (message: string) => console.error(`[bench ${((Date.now() - t0) / 1000).toFixed(0).padStart(3)} s] ${message}`);

stopAllOnSignals();
const load = new LoadGenerator();
onCleanup(() => load.stop());

async function main(): Promise<number> {
  const started = new Date();
  const estimate = definitions.length * scenarios.length * (options.rounds * options.durationSeconds + options.warmupSeconds);
  log(
    `${definitions.length} contenders x ${scenarios.length} scenarios x ${options.rounds} rounds x ${options.durationSeconds} s, ` +
      `${options.connections} connections; about ${Math.ceil(estimate / 60)} min of load`,
  );

  // One set of secrets for every process of this run. Production mode, with the abuse limits that would refuse
  // a load generator opened up: every request comes from one address, the scenarios' operations are not the
  // storefront's trusted documents, and the checkout keeps more orders pending than a shopper may. The router's
  // rate limiter still runs (its budgets are only raised), so its cost is measured; the peers have none.
  const env = {
    NODE_ENV: "production",
    LOG_LEVEL: "warn",
    JWT_SECRET: randomBytes(32).toString("base64url"),
    SUBGRAPH_SECRET: randomBytes(32).toString("base64url"),
    TRUSTED_DOCUMENTS_ONLY: "false",
    // Each of our router's configurations runs beside the others: each its own /metrics listener, on any free port.
    METRICS_PORT: "0",
    RATE_LIMIT_REQUESTS_PER_ADDRESS: "1000000",
    RATE_LIMIT_REQUESTS_PER_ACCOUNT: "1000000",
    RATE_LIMIT_ORDERS_PER_ACCOUNT: "100000",
    RATE_LIMIT_ORDERS_PER_ADDRESS: "100000",
    ORDER_MAX_PENDING: "10000",
    ORDER_MAX_UNITS_PER_PRODUCT: "1000000",
    ORDER_MAX_UNITS_HELD: "1000000",
    // The shoppers sign in once, and a full run lasts longer than an access token's default 15 minutes.
    ACCESS_TOKEN_TTL_SECONDS: "86400",
  };
  const workDir = mkdtempSync(path.join(os.tmpdir(), "shop-bench-"));
  onCleanup(() => rmSync(workDir, { recursive: true, force: true }));
  const shoppers = benchShoppers(options.shoppers);
  const databases = benchDatabases(workDir, config.BENCH_POSTGRES_URL, shoppers);
  onCleanup(() => databases.drop());
  const databaseLabel = databases.kind === "postgresql" ? "PostgreSQL (BENCH_POSTGRES_URL), throwaway databases" : "embedded PGlite, one per service";

  log(`preparing the databases (${databaseLabel})`);
  const subgraphDatabases = await databases.create("subgraphs");
  // The monolith gets its own copies of the very same data (PGlite files cannot be shared by two processes).
  const monolithDatabases = definitions.some((d) => d.id === "monolith") ? await databases.copy(subgraphDatabases, "monolith") : undefined;
  const stamp = started.toISOString().replace(/[:.]/g, "-");
  const profileDir = options.profile ? path.join(repoRoot, "bench", "results", `profiles-${stamp}`) : undefined;
  log(`starting the four subgraphs and ${definitions.map((d) => d.id).join(", ")}`);
  const subgraphs = await startSubgraphs(env, subgraphDatabases, { verbose: options.verbose, ...(profileDir ? { profileDir } : {}) });
  const supergraphFile = path.join(workDir, "supergraph.graphql");
  const composed = composeSupergraph(readSupergraphConfig(path.join(repoRoot, "supergraph.yaml"), subgraphs.urls));
  writeFileSync(supergraphFile, composed.supergraphSdl);
  const peerSupergraphFile = path.join(workDir, "supergraph-without-authorization.graphql");
  writeFileSync(peerSupergraphFile, peerSupergraph(composed.supergraphSdl));
  const unavailable: Record<string, string> = {};
  const envOf = (id: string): Record<string, string> => {
    if (isOurs(id)) return { ...env, ...subgraphs.urls };
    if (id === "monolith") return { ...env, SUPERGRAPH_FILE: supergraphFile, ...monolithEnv(monolithDatabases!) };
    return { ...env, SUPERGRAPH_FILE: peerSupergraphFile, HIVE_DEDUPE: String(options.hiveDedupe) };
  };
  // The contenders start while the subgraphs open their databases: none needs a subgraph to come up.
  const [starts] = await Promise.all([
    Promise.allSettled(
      definitions.map((definition) => startGateway(definition, envOf(definition.id), { verbose: options.verbose, ...(profileDir ? { profileDir } : {}) })),
    ),
    subgraphs.ready,
  ]);
  log("everything is up");
  const gateways: RunningGateway[] = [];
  for (const [i, result] of starts.entries()) {
    const definition = definitions[i]!;
    if (result.status === "fulfilled") {
      gateways.push(result.value);
      continue;
    }
    if (definition.id === "ours") throw result.reason;
    unavailable[definition.id] = (result.reason as Error).message;
    log(`${definition.label} cannot run here, left out: ${(result.reason as Error).message}`);
  }

  // The correct answers, from our router first; a contender that disagrees is left out with the reason.
  const references = new Map<string, Reference>();
  const key = (gateway: string, scenario: string) => `${gateway}/${scenario}`;
  gateways.sort((a, b) => Number(b.definition.id === "ours") - Number(a.definition.id === "ours"));
  // The many shoppers sign in once, through our router; every contender verifies the same tokens (one JWT_SECRET).
  const signedIn: SignedInShopper[] = [];
  if (scenarios.some((s) => s.shopper === "many")) {
    log(`signing in ${shoppers.length} shoppers`);
    for (const shopper of shoppers) signedIn.push({ shopper, token: await login(gateways[0]!, shopper.email, SHOPPER_PASSWORD) });
  }
  for (const gateway of [...gateways]) {
    try {
      const tokens: Record<Exclude<Shopper, "many">, string | undefined> = {
        anonymous: undefined,
        ada: await login(gateway, ada.email, ada.password),
        grace: await login(gateway, grace.email, grace.password),
      };
      for (const scenario of scenarios) {
        const ours = gateway.definition.id === "ours" ? undefined : references.get(key("ours", scenario.name));
        references.set(key(gateway.definition.id, scenario.name), await reference(gateway, scenario, tokens, signedIn, ours?.data));
      }
    } catch (error) {
      if (gateway.definition.id === "ours") throw error;
      unavailable[gateway.definition.id] = (error as Error).message;
      log(`${gateway.definition.label} gives wrong answers, left out: ${(error as Error).message}`);
      gateways.splice(gateways.indexOf(gateway), 1);
      await stopService(gateway.service);
    }
  }

  const subgraphPids = Object.fromEntries(subgraphs.services.map((s) => [s.name, s.pid]));
  let idle: Record<string, SubgraphIdle> | undefined;
  async function idleLoad(seconds: number): Promise<Record<string, SubgraphIdle>> {
    const requestsBefore = await Promise.all(subgraphs.metricsUrls.map((url) => readCounters([url])));
    const cpuBefore = subgraphs.services.map((s) => readCpuTicks(s.pid));
    const startedAt = performance.now();
    await sleep(seconds * 1000);
    const cpuAfter = subgraphs.services.map((s) => readCpuTicks(s.pid));
    const elapsed = (performance.now() - startedAt) / 1000;
    const requestsAfter = await Promise.all(subgraphs.metricsUrls.map((url) => readCounters([url])));
    return Object.fromEntries(
      subgraphs.services.map((s, i) => [
        s.name,
        {
          cpuMsPerSecond: cpuMsBetween(cpuBefore[i]!, cpuAfter[i]!) / elapsed,
          requestsPerSecond: (requestsAfter[i]!.graphqlRequests - requestsBefore[i]!.graphqlRequests) / elapsed,
        },
      ]),
    );
  }
  const noCounters = { graphqlRequests: 0, dbQueries: null };
  async function measure(gateway: RunningGateway, scenario: string, seconds: number, warmup = false) {
    const ref = references.get(key(gateway.definition.id, scenario))!;
    const monolithMetrics = gateway.definition.id === "monolith" ? [gateway.url.replace(/\/graphql$/, "/metrics")] : [];
    // A warm-up needs no counters: reading them costs a second or more per run on a busy machine.
    const counters = async (): Promise<[Counters[], Counters]> =>
      warmup
        ? [subgraphs.metricsUrls.map(() => noCounters), noCounters]
        : Promise.all([Promise.all(subgraphs.metricsUrls.map((url) => readCounters([url]))), readCounters(monolithMetrics)]);
    const before = await counters();
    const result = await load.run(
      {
        url: gateway.url,
        headers: ref.headers,
        connections: options.connections,
        durationSeconds: seconds,
        ...(ref.fixed ? { fixed: ref.fixed } : {}),
        ...(ref.rotating ? { rotating: ref.rotating } : {}),
      },
      { gateway: gateway.service.pid, ...subgraphPids },
    );
    if (!warmup) await settledCounters([...subgraphs.metricsUrls, ...monolithMetrics]);
    const after = await counters();
    const errors = result.requests - result.ok + result.errors + result.timeouts + result.mismatches;
    if (errors > 0 || (result.requests === 0 && !warmup)) {
      log(
        `${gateway.definition.label}, scenario ${scenario}: ${result.requests} requests, ${result.ok} OK, ${result.non2xx} non-2xx, ` +
          `${result.errors} connection errors, ${result.timeouts} timeouts, ${result.mismatches} wrong answers` +
          (result.mismatchSample ? `; e.g. ${result.mismatchSample}` : ""),
      );
    }
    const [subgraphsBefore, subgraphsAfter] = [addCounters(before[0]), addCounters(after[0])];
    // The monolith's SQL is its own; everyone else's runs in the subgraphs.
    const [queriesBefore, queriesAfter] = gateway.definition.id === "monolith" ? [before[1].dbQueries, after[1].dbQueries] : [subgraphsBefore.dbQueries, subgraphsAfter.dbQueries];
    // What one subgraph request costs each subgraph: its CPU over the requests it served during the load.
    const subgraphCpuMsPerRequest = Object.fromEntries(
      subgraphs.services.map((s, i) => {
        // Net of what the subgraph does with no load (idle, below): the cost of the requests this load sent it.
        const base = idle?.[s.name] ?? { cpuMsPerSecond: 0, requestsPerSecond: 0 };
        const served = after[0][i]!.graphqlRequests - before[0][i]!.graphqlRequests - base.requestsPerSecond * result.durationSeconds;
        const cpuMs = Math.max(0, result.cpuMs[s.name]! - base.cpuMsPerSecond * result.durationSeconds);
        // The monolith sends the subgraphs nothing: what they serve meanwhile is our routers' idle change-feed polling.
        return [s.name, served >= 1 && gateway.definition.id !== "monolith" ? cpuMs / served : null];
      }),
    );
    return {
      result,
      errors,
      // Per request sent: a request cut off when the load stopped still did its subgraph work.
      subgraphRequestsPerOp: perOperation(subgraphsBefore.graphqlRequests, subgraphsAfter.graphqlRequests, result.sent),
      subgraphCpuMsPerRequest,
      dbQueriesPerOp: perOperation(queriesBefore, queriesAfter, result.sent),
    };
  }

  log(`warming up every contender on every scenario (${options.warmupSeconds} s each)`);
  for (const gateway of gateways) {
    for (const scenario of scenarios) await measure(gateway, scenario.name, options.warmupSeconds, true);
  }
  // Each subgraph's idle load: CPU and requests per second with no traffic, where the routers standing by poll the
  // product change feed and the subgraphs' own workers run. Subtracted from each round's per-request figures.
  log(`measuring the subgraphs at rest (${options.durationSeconds} s)`);
  idle = await idleLoad(options.durationSeconds);

  const measurements: Measurement[] = [];
  for (let round = 1; round <= options.rounds; round++) {
    for (const scenario of scenarios) {
      // Round-robin, starting one contender later every round, so drift in machine load hits all alike.
      const order = gateways.map((_, i) => gateways[(i + round - 1) % gateways.length]!);
      for (const gateway of order) {
        const { result, errors, subgraphRequestsPerOp, dbQueriesPerOp, subgraphCpuMsPerRequest } = await measure(gateway, scenario.name, options.durationSeconds);
        const subgraphsCpu = subgraphs.services.reduce((sum, s) => sum + result.cpuMs[s.name]!, 0);
        const m: Measurement = {
          gateway: gateway.definition.id,
          scenario: scenario.name,
          round,
          requests: result.requests,
          rps: result.requests / result.durationSeconds,
          latencyP50Ms: result.latencyP50Ms,
          latencyP99Ms: result.latencyP99Ms,
          errors,
          subgraphRequestsPerOp,
          dbQueriesPerOp,
          gatewayCpuMsPerOp: result.cpuMs.gateway! / result.requests,
          subgraphsCpuMsPerOp: subgraphsCpu / result.requests,
          subgraphCpuMsPerRequest,
          rssMb: readRssMb(gateway.service.pid),
        };
        measurements.push(m);
        log(
          `round ${round}/${options.rounds} ${scenario.name.padEnd(12)} ${gateway.definition.id.padEnd(15)} ` +
            `${m.rps.toFixed(0).padStart(6)} rps  p99 ${m.latencyP99Ms.toFixed(1).padStart(6)} ms  ` +
            `gateway ${m.gatewayCpuMsPerOp.toFixed(3)} CPU ms/op`,
        );
      }
    }
  }

  const labels = Object.fromEntries(GATEWAYS.map((g) => [g.id, g.label]));
  const reports = buildScenarioReports(measurements, scenarios, gateways.map((g) => g.definition.id));
  console.log(`\n${formatReport(reports, labels)}`);
  for (const [id, reason] of Object.entries(unavailable)) console.log(`\nnot measured: ${labels[id]}: ${reason}`);

  const machine = describeMachine(databaseLabel);
  const command = `pnpm bench ${process.argv.slice(2).filter((arg) => arg !== "--").join(" ")}`.trim();
  const meta = {
    started: started.toISOString(),
    finished: new Date().toISOString(),
    quick: options.quick,
    command,
    machine: { ...machine, loadAverageAtEnd: os.loadavg(), commit: gitCommit() },
    options,
    contenders: Object.fromEntries(
      definitions.map((g) => [g.id, { label: g.label, packages: Object.fromEntries(g.packages.map((p) => [p, installedVersion(p)])) }]),
    ),
    unavailable,
    subgraphsAtRest: Object.fromEntries(
      Object.entries(idle).map(([name, at]) => [name, { cpuMsPerSecond: Number(at.cpuMsPerSecond.toFixed(2)), requestsPerSecond: Number(at.requestsPerSecond.toFixed(2)) }]),
    ),
  };
  const resultsDir = path.join(repoRoot, "bench", "results");
  const latest = path.join(resultsDir, "latest.json");
  writeJson(latest, latestJson(reports, meta));
  const out = options.out ?? path.join(resultsDir, `${stamp}.json`);
  writeJson(out, { ...latestJson(reports, meta), measurements: roundedMeasurements(measurements) });
  // BENCHMARKS.md shows every contender on every scenario: a run of a subset (a profile, a trial) leaves it alone.
  const complete = definitions.length === GATEWAYS.length && scenarios.length === allScenarios.length;
  const markdown = path.join(repoRoot, "BENCHMARKS.md");
  if (complete) {
    writeFileSync(
      markdown,
      benchmarksMarkdown({
        reports,
        labels,
        machine,
        date: `${started.toISOString().slice(0, 16).replace("T", " ")} UTC`,
        command,
        quick: options.quick,
        rounds: options.rounds,
        durationSeconds: options.durationSeconds,
        connections: options.connections,
        loadAverage: os.loadavg(),
        unavailable,
        subgraphsAtRest: meta.subgraphsAtRest,
      }),
    );
  }

  if (profileDir) console.log(`\nCPU profiles (written as the contenders and subgraphs stop; subgraphs in subgraph-<name>, over the whole run): ${path.relative(process.cwd(), profileDir)}`);
  console.log(
    `\nJSON: ${path.relative(process.cwd(), latest)} (every round: ${path.relative(process.cwd(), out)}); ` +
      (complete ? `Markdown: ${path.relative(process.cwd(), markdown)}` : "BENCHMARKS.md not written (only a run of every contender and scenario writes it)"),
  );
  return 0;
}

function monolithEnv(urls: DatabaseUrls): Record<string, string> {
  return {
    USERS_DATABASE_URL: urls.users,
    PRODUCTS_DATABASE_URL: urls.products,
    ORDERS_DATABASE_URL: urls.orders,
    PAYMENTS_DATABASE_URL: urls.payments,
  };
}

function gitCommit(): string | undefined {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: repoRoot, encoding: "utf8" }).trim();
  } catch {
    return undefined;
  }
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (error) {
  // After Ctrl-C the processes it waited for are gone; that is not a failure worth reporting.
  if (!isStopping()) console.error(`\n[bench] FAILED: ${(error as Error).message}`);
} finally {
  await stopAll();
}
process.exit(exitCode);
