// Runs the federation gateway audit's harness against our router: the harness serves each test suite's subgraphs
// and supergraph on a free port and starts a gateway per suite through the run script; here that gateway hands the
// suite's supergraph to one long-lived router (which hot-reloads it) and forwards the harness's queries to it. The
// harness compares the answers; the score and each failure are read back from its output.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { repoRoot } from "@shop/shared/paths";
import { eventually, freePort } from "@shop/shared/testing";
import { harnessNode } from "./node-runtime.ts";
import { type AuditReport, readReport, reportFromLogs } from "./results.ts";
import { GATEWAY_DIR, prepareSuite, writeRunScript } from "./suite.ts";

export interface AuditOptions {
  /** A clone of graphql-hive/federation-gateway-audit. */
  suiteDir: string;
  /** Test suite ids to run (default: all of them, as the harness's `test` command runs them). */
  only?: string[];
  /** Where the Node.js binary, the suite's copy and its installs are kept between runs (outside git). */
  cacheDir: string;
  log: (line: string) => void;
}

/**
 * The router's settings for the audit: production mode, throwaway secrets, no subgraph counted as ours, no caches
 * (a suite's mutations must reach its subgraphs), no tracing, and operation limits raised to their ceilings (the
 * audit measures planning and execution, not our limits).
 */
export function routerEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  // <NAME>_URL would reroute a suite's subgraph of that name (router/src/supergraph-file.ts).
  const kept = Object.fromEntries(Object.entries(env).filter(([name]) => !name.endsWith("_URL")));
  return {
    ...kept,
    NODE_ENV: "production",
    LOG_LEVEL: "info",
    HOST: "127.0.0.1",
    JWT_SECRET: randomBytes(32).toString("hex"),
    SUBGRAPH_SECRET: randomBytes(32).toString("hex"),
    OWN_SUBGRAPHS: "",
    // Each suite's supergraph replaces the previous one in the watched file.
    SUPERGRAPH_WATCH: "true",
    SUPERGRAPH_POLL_MS: "50",
    RESPONSE_CACHE: "false",
    // The suites send arbitrary operations from one address, as fast as they can.
    TRUSTED_DOCUMENTS_ONLY: "false",
    RATE_LIMITS: "false",
    OTEL_EXPORTER_OTLP_ENDPOINT: "",
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "",
    LIMIT_MAX_TOKENS: "100000",
    LIMIT_MAX_DEPTH: "100",
    LIMIT_MAX_ALIASES: "1000",
    LIMIT_MAX_DIRECTIVES: "1000",
    LIMIT_MAX_ROOT_FIELDS: "1000",
    LIMIT_MAX_PAGE_SIZE: "10000",
    LIMIT_MAX_COST: "10000000",
  };
}

/** Runs the harness (a Node.js process on the suite's own CLI through tsx) to its end; its output goes to ours. */
function runHarness(node: string, workDir: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const tsxCli = path.join(workDir, "node_modules", "tsx", "dist", "cli.mjs");
  // Its own process group: whatever it leaves running (a router it failed to stop) ends with it. Its stdin is a pipe:
  // the harness's port killer (kill-port-process) pipes its output into process.stdin, which must be writable.
  const child = spawn(node, [tsxCli, "src/cli.ts", ...args], { cwd: workDir, env, stdio: ["pipe", "inherit", "inherit"], detached: true });
  const stop = () => child.pid && process.kill(-child.pid, "SIGTERM");
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      try {
        if (child.pid) process.kill(-child.pid, "SIGTERM");
      } catch {
        // The group is already gone.
      }
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

/** Our router, as `pnpm router --supergraph <file> --port <n>` starts it, serving whatever the file holds. */
async function startRouter(supergraphFile: string, port: number, metricsPort: number, logFile: string, tsx: string): Promise<ChildProcess> {
  const log = createWriteStream(logFile);
  const router = spawn(
    process.execPath,
    ["--import", tsx, path.join(repoRoot, "router", "src", "main.ts"), "--supergraph", supergraphFile, "--port", String(port)],
    { cwd: repoRoot, env: { ...routerEnv(), METRICS_PORT: String(metricsPort) }, stdio: ["ignore", "pipe", "pipe"] },
  );
  router.stdout?.pipe(log);
  router.stderr?.pipe(log);
  // Listening (503 until the first suite's supergraph arrives) is all the harness needs before it starts.
  await eventually(async () => {
    if (router.exitCode !== null) throw new Error(`the router exited (${router.exitCode}): see ${logFile}`);
    return (await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined)) !== undefined;
  }, { timeoutMs: 120_000, message: `the router did not start in 2 minutes: see ${logFile}` });
  return router;
}

export async function runAudit({ suiteDir, only, cacheDir, log }: AuditOptions): Promise<AuditReport> {
  const node = harnessNode(cacheDir, log);
  const workDir = path.join(cacheDir, "suite");
  // Our tsx runs our router; the harness gets the same version unless the suite pins its own.
  const tsx = fileURLToPath(import.meta.resolve("tsx"));
  const tsxVersion: string = JSON.parse(readFileSync(path.join(path.dirname(tsx), "..", "package.json"), "utf8")).version;
  prepareSuite(path.resolve(suiteDir), workDir, tsxVersion, log);

  const gatewayDir = path.join(workDir, GATEWAY_DIR);
  const logsDir = path.join(gatewayDir, "logs");
  rmSync(logsDir, { recursive: true, force: true });
  mkdirSync(logsDir, { recursive: true });
  const supergraphFile = path.join(gatewayDir, "supergraph.graphql");
  rmSync(supergraphFile, { force: true });
  // Ephemeral ports from the kernel: none of them is a port fetch() refuses.
  const [harnessPort, gatewayPort, routerPort, metricsPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  writeRunScript(workDir, {
    node,
    suiteGateway: fileURLToPath(new URL("./suite-gateway.ts", import.meta.url)),
    harnessUrl: `http://127.0.0.1:${harnessPort}`,
    routerUrl: `http://127.0.0.1:${routerPort}`,
    routerMetricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
    supergraphFile,
    gatewayPort,
  });
  log(`starting our router on :${routerPort} (log: ${path.join(logsDir, "router.log")})`);
  const router = await startRouter(supergraphFile, routerPort, metricsPort, path.join(logsDir, "router.log"), tsx);
  try {
    log(`harness on :${harnessPort} (Node ${node === process.execPath ? process.version : node}), suite gateways on :${gatewayPort}`);
    const common = [
      "--cwd",
      gatewayDir,
      "--run-script",
      "./run.sh",
      "--graphql",
      `http://127.0.0.1:${gatewayPort}/graphql`,
      "--healthcheck",
      `http://127.0.0.1:${gatewayPort}/health`,
      "--port",
      String(harnessPort),
    ];
    if (!only || only.length === 0) {
      await runHarness(node, workDir, ["test", ...common, "--reporter", "dot", "--write", "results.txt"], process.env);
      const results = path.join(gatewayDir, "results.txt");
      if (!existsSync(results)) throw new Error(`the harness wrote no ${results}: see its output above`);
      return readReport(results, logsDir);
    }
    for (const id of only) await runHarness(node, workDir, ["test-suite", "--test", id, ...common, "--reporter", "dot"], process.env);
    return reportFromLogs(only, logsDir);
  } finally {
    router.kill("SIGTERM");
  }
}
