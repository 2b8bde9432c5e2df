// `pnpm bench`: measures our router against peer gateways in front of the same four real subgraphs, in
// interleaved rounds, and reports medians of RPS, p99 latency and gateway CPU per request, with ratios.
// See bench/README.md for the method.
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { repoRoot } from "@shop/shared/paths";
import { seedUsers } from "@shop/shared/seed-data";
import { composeSupergraph, readSupergraphConfig } from "../../router/src/supergraph.ts";
import { GATEWAYS, installedVersion, type RunningGateway, startGateway } from "./gateways.ts";
import { LoadGenerator } from "./load.ts";
import { parseOptions, USAGE } from "./options.ts";
import { isStopping, onCleanup, stopAll, stopAllOnSignals, stopService } from "./processes.ts";
import { readRssMb } from "./proc-stat.ts";
import { compare, formatReport, type Measurement, summarize, writeJsonReport } from "./report.ts";
import { login, type Reference, reference } from "./reference.ts";
import { scenarios as allScenarios } from "./scenarios.ts";
import { startSubgraphs } from "./subgraphs.ts";

const parsed = parseOptions(process.argv.slice(2).filter((arg) => arg !== "--"));
if (parsed === "help") {
  console.log(USAGE);
  process.exit(0);
}
const options = parsed;
const scenarios = allScenarios.filter((s) => options.scenarios.includes(s.name));
const definitions = GATEWAYS.filter((g) => options.gateways.includes(g.id));
const ada = seedUsers.find((user) => user.email === "ada@example.com")!;
const log = (message: string) => console.error(`[bench] ${message}`);

stopAllOnSignals();
const load = new LoadGenerator();
onCleanup(() => load.stop());

async function main(): Promise<number> {
  const started = new Date();
  const estimate = definitions.length * scenarios.length * (options.rounds * options.durationSeconds + options.warmupSeconds);
  log(
    `${definitions.length} gateways x ${scenarios.length} scenarios x ${options.rounds} rounds x ${options.durationSeconds} s, ` +
      `${options.connections} connections; about ${Math.ceil(estimate / 60)} min of load`,
  );

  // One set of secrets for every process of this run.
  const env = {
    NODE_ENV: "production",
    LOG_LEVEL: "warn",
    JWT_SECRET: randomBytes(32).toString("base64url"),
    SUBGRAPH_SECRET: randomBytes(32).toString("base64url"),
  };
  log("starting the four subgraphs on fresh PGlite databases");
  const subgraphs = await startSubgraphs(env, options.verbose);
  const supergraphFile = path.join(subgraphs.workDir, "supergraph.graphql");
  const composed = composeSupergraph(readSupergraphConfig(path.join(repoRoot, "supergraph.yaml"), subgraphs.urls));
  writeFileSync(supergraphFile, composed.supergraphSdl);

  const stamp = started.toISOString().replace(/[:.]/g, "-");
  const profileDir = options.profile ? path.join(repoRoot, "bench", "results", `profiles-${stamp}`) : undefined;
  const gateways: RunningGateway[] = [];
  const unavailable: Record<string, string> = {};
  for (const definition of definitions) {
    log(`starting ${definition.label}`);
    try {
      const gatewayEnv =
        definition.id === "ours"
          ? { ...env, ...subgraphs.urls }
          : { ...env, SUPERGRAPH_FILE: supergraphFile, BENCH_USER_ID: ada.id, HIVE_DEDUPE: String(options.hiveDedupe) };
      gateways.push(await startGateway(definition, gatewayEnv, { verbose: options.verbose, ...(profileDir ? { profileDir } : {}) }));
    } catch (error) {
      if (definition.id === "ours") throw error;
      unavailable[definition.id] = (error as Error).message;
      log(`${definition.label} cannot run here, left out: ${(error as Error).message}`);
    }
  }

  // The correct answers, from our router first; a peer that disagrees is left out with the reason.
  const references = new Map<string, Reference>();
  const key = (gateway: string, scenario: string) => `${gateway}/${scenario}`;
  for (const gateway of [...gateways]) {
    try {
      const token = await login(gateway, ada.email, ada.password);
      for (const scenario of scenarios) {
        const ours = references.get(key("ours", scenario.name));
        references.set(key(gateway.definition.id, scenario.name), await reference(gateway, scenario, token, ours?.data));
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
  async function measure(gateway: RunningGateway, scenario: string, seconds: number, warmup = false) {
    const ref = references.get(key(gateway.definition.id, scenario))!;
    const result = await load.run(
      {
        url: gateway.url,
        body: ref.body,
        headers: ref.headers,
        connections: options.connections,
        durationSeconds: seconds,
        expectBody: ref.expectBody,
      },
      { gateway: gateway.service.pid, ...subgraphPids },
    );
    const bad = result.requests - result.ok + result.errors + result.timeouts + result.mismatches;
    if (result.requests === 0 && !warmup) {
      throw new Error(
        `${gateway.definition.label}, scenario ${scenario}: no request completed in ${seconds} s ` +
          `(load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores); try a longer --duration on a quieter machine`,
      );
    }
    if (bad > 0) {
      throw new Error(
        `${gateway.definition.label}, scenario ${scenario}: ${result.requests} requests, ${result.ok} OK, ${result.non2xx} non-2xx, ` +
          `${result.errors} connection errors, ${result.timeouts} timeouts, ${result.mismatches} wrong bodies` +
          (result.mismatchSample ? `; e.g. ${result.mismatchSample}` : ""),
      );
    }
    return result;
  }

  log(`warming up every gateway on every scenario (${options.warmupSeconds} s each)`);
  for (const gateway of gateways) {
    for (const scenario of scenarios) await measure(gateway, scenario.name, options.warmupSeconds, true);
  }

  const measurements: Measurement[] = [];
  for (let round = 1; round <= options.rounds; round++) {
    for (const scenario of scenarios) {
      // Round-robin, starting one gateway later every round, so drift in machine load hits all alike.
      const order = gateways.map((_, i) => gateways[(i + round - 1) % gateways.length]!);
      for (const gateway of order) {
        const result = await measure(gateway, scenario.name, options.durationSeconds);
        const subgraphsCpu = subgraphs.services.reduce((sum, s) => sum + result.cpuMs[s.name]!, 0);
        const m: Measurement = {
          gateway: gateway.definition.id,
          scenario: scenario.name,
          round,
          requests: result.requests,
          rps: result.requests / result.durationSeconds,
          latencyP50Ms: result.latencyP50Ms,
          latencyP99Ms: result.latencyP99Ms,
          gatewayCpuMsPerRequest: result.cpuMs.gateway! / result.requests,
          subgraphsCpuMsPerRequest: subgraphsCpu / result.requests,
          gatewayRssMb: readRssMb(gateway.service.pid),
        };
        measurements.push(m);
        log(
          `round ${round}/${options.rounds} ${scenario.name.padEnd(7)} ${gateway.definition.id.padEnd(9)} ` +
            `${m.rps.toFixed(0).padStart(6)} rps  p99 ${m.latencyP99Ms.toFixed(1).padStart(6)} ms  ` +
            `gateway ${m.gatewayCpuMsPerRequest.toFixed(3)} CPU ms/req`,
        );
      }
    }
  }

  const summaries = summarize(measurements);
  const ratios = compare(summaries);
  const labels = Object.fromEntries(GATEWAYS.map((g) => [g.id, g.label]));
  console.log(`\n${formatReport(summaries, ratios, labels, scenarios.map((s) => s.name))}`);
  for (const [id, reason] of Object.entries(unavailable)) console.log(`\nnot measured: ${labels[id]}: ${reason}`);

  const out = options.out ?? path.join(repoRoot, "bench", "results", `${stamp}.json`);
  if (profileDir) console.log(`\nCPU profiles (written as the gateways stop): ${path.relative(process.cwd(), profileDir)}`);
  writeJsonReport(out, {
    started: started.toISOString(),
    finished: new Date().toISOString(),
    options,
    machine: {
      node: process.version,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      loadAverageAtEnd: os.loadavg(),
      commit: gitCommit(),
    },
    gateways: Object.fromEntries(
      GATEWAYS.map((g) => [g.id, { label: g.label, packages: Object.fromEntries(g.packages.map((p) => [p, installedVersion(p)])) }]),
    ),
    unavailable,
    scenarios: Object.fromEntries(scenarios.map((s) => [s.name, { description: s.description, query: s.query, authenticated: s.authenticated }])),
    summaries,
    ratios,
    measurements,
  });
  console.log(`\nJSON report: ${path.relative(process.cwd(), out)}`);
  return 0;
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
