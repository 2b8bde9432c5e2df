// `pnpm test:hosts`: every subgraph, the router and PostgreSQL each in its own network namespace with its own address
// (veth pairs on one bridge, no localhost anywhere), the integration suites run against the router's address, then
// one service's link is cut and restored. Skips (exit 0, saying why) where network namespaces cannot be made.
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "@shop/shared/paths";
import { SUITE_LIMITS } from "@shop/shared/testing";
import { HOSTS_CUT_TEST, HOSTS_SUITES } from "../test/hosts/vitest.config.ts";
import { cannotRun, createNetwork, type Network, removeLeftovers, runDirectory } from "./hosts/network.ts";
import { postgresBin, startPostgres } from "./hosts/postgres.ts";
import { type HostProcess, startService, waitUntilReady } from "./hosts/processes.ts";

/**
 * The router's timeout per subgraph fetch. A cut link drops packets without a reset, so a fetch to the cut host ends
 * only at this timeout: short, so the partial answer comes quickly, yet well above a checkout's slowest fetch here.
 */
const SUBGRAPH_TIMEOUT_MS = 3_000;
const READY_TIMEOUT_MS = 180_000;
const SERVICES = [
  { name: "users", octet: 11, port: 4001 },
  { name: "products", octet: 12, port: 4002 },
  { name: "orders", octet: 13, port: 4003 },
  { name: "payments", octet: 14, port: 4004 },
] as const;
const ROUTER = { name: "router", octet: 10, port: 4000 };
/** The router's metrics listener (never its public port). */
const ROUTER_METRICS_PORT = 9464;
const CUT = "payments";

const log = (message: string) => console.log(`[test:hosts] ${message}`);
const elapsed = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

const hasSetpriv = () => {
  try {
    execFileSync("setpriv", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
};
const skip =
  cannotRun() ??
  (postgresBin() ? null : "no PostgreSQL server binaries under /usr/lib/postgresql") ??
  (hasSetpriv() ? null : "setpriv (util-linux) is not installed, so PostgreSQL cannot be run as its own user");
if (skip) {
  log(`SKIPPED: ${skip}. The multi-host test runs as root on Linux with iproute2 and PostgreSQL (as in .ci/run).`);
  process.exit(0);
}

const processes: HostProcess[] = [];
let network: Network | undefined;
let pgDir: string | undefined;
let cleaning: Promise<void> | undefined;
const cleanUp = () =>
  (cleaning ??= (async () => {
    await Promise.allSettled(processes.slice().reverse().map((p) => p.stop()));
    network?.remove();
    if (pgDir) rmSync(pgDir, { recursive: true, force: true });
  })());
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    log(`${signal}: cleaning up`);
    void cleanUp().finally(() => process.exit(130));
  });
}

function vitest(files: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(repoRoot, "node_modules/vitest/vitest.mjs"), "run", "--config", "test/hosts/vitest.config.ts", ...files], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: "inherit",
    });
    child.once("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const started = Date.now();
let exitCode = 1;
try {
  const leftovers = removeLeftovers();
  if (leftovers.length) log(`removed leftovers of an earlier run: ${leftovers.join(", ")}`);
  network = createNetwork({ postgres: 2, [ROUTER.name]: ROUTER.octet, ...Object.fromEntries(SERVICES.map((s) => [s.name, s.octet])) });
  const { hosts } = network;
  const subnet = network.gateway.replace(/\.1$/, "");
  log(`run ${network.run}: bridge ${network.gateway}/24; ${Object.values(hosts).map((h) => `${h.name} ${h.address}`).join(", ")}`);

  pgDir = runDirectory(network.run, "postgres");
  const postgres = await startPostgres({ bin: postgresBin()!, dir: pgDir, namespace: hosts.postgres!.namespace, address: hosts.postgres!.address, subnet });
  processes.push(postgres.process);
  const databases = Object.fromEntries(SERVICES.map((s) => [s.name, `shop_${s.name}`]));
  await postgres.createDatabases(Object.values(databases));
  log(`PostgreSQL ready at ${hosts.postgres!.address}:5432 (${elapsed(started)})`);

  const secrets = { JWT_SECRET: randomBytes(32).toString("hex"), SUBGRAPH_SECRET: randomBytes(32).toString("hex") };
  const url = (name: string, port: number) => `http://${hosts[name]!.address}:${port}`;
  const graphql = Object.fromEntries([...SERVICES, ROUTER].map((s) => [s.name, `${url(s.name, s.port)}/graphql`]));
  const common = { NODE_ENV: "test", LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "warn", ...SUITE_LIMITS, ...secrets };
  // The suites ask for sweeps and recoveries when they want them (as their in-process stack does): the services' own
  // periodic runs would race the suites' checks of the stock. They still run once at start.
  const workers = { ORDER_SWEEP_INTERVAL_MS: "3600000", PAYMENT_RECOVERY_INTERVAL_MS: "3600000" };
  const peers: Record<string, Record<string, string>> = { orders: { PRODUCTS_URL: graphql.products! }, payments: { ORDERS_URL: graphql.orders! } };
  const subgraphs = SERVICES.map((s) => {
    const service = startService(s.name, hosts[s.name]!.namespace, `subgraphs/${s.name}/src/main.ts`, {
      ...common,
      ...workers,
      ...peers[s.name],
      HOST: hosts[s.name]!.address,
      PORT: String(s.port),
      DATABASE_URL: postgres.url(databases[s.name]!),
      SEED: "auto",
    });
    processes.push(service);
    return { service, ready: `${url(s.name, s.port)}/ready` };
  });
  await Promise.all(subgraphs.map(({ service, ready }) => waitUntilReady(service, ready, READY_TIMEOUT_MS)));
  log(`subgraphs ready (${elapsed(started)})`);

  const router = startService(ROUTER.name, hosts.router!.namespace, "router/src/main.ts", {
    ...common,
    HOST: hosts.router!.address,
    PORT: String(ROUTER.port),
    METRICS_PORT: String(ROUTER_METRICS_PORT),
    SUBGRAPH_TIMEOUT_MS: String(SUBGRAPH_TIMEOUT_MS),
    SUPERGRAPH_WATCH: "false",
    ...Object.fromEntries(SERVICES.map((s) => [`${s.name.toUpperCase()}_URL`, graphql[s.name]!])),
  });
  processes.push(router);
  await waitUntilReady(router, `${url(ROUTER.name, ROUTER.port)}/ready`, READY_TIMEOUT_MS);
  log(`router ready at ${graphql.router} (${elapsed(started)}); SUBGRAPH_TIMEOUT_MS=${SUBGRAPH_TIMEOUT_MS}`);

  const stackEnv: NodeJS.ProcessEnv = {
    ...secrets,
    STACK_ROUTER_URL: graphql.router,
    STACK_ROUTER_METRICS_URL: `${url(ROUTER.name, ROUTER_METRICS_PORT)}/metrics`,
    ...Object.fromEntries(
      SERVICES.flatMap((s) => [
        [`STACK_${s.name.toUpperCase()}_URL`, graphql[s.name]!],
        [`STACK_${s.name.toUpperCase()}_DATABASE_URL`, postgres.url(databases[s.name]!)],
      ]),
    ),
  };
  const suites = Date.now();
  const suitesCode = await vitest(HOSTS_SUITES, stackEnv);
  log(`integration suites against ${graphql.router}: ${suitesCode === 0 ? "passed" : "FAILED"} (${elapsed(suites)}); checkout-recovery skipped: it restarts services in-process`);
  const cut = Date.now();
  const cutCode = suitesCode === 0 ? await vitest([HOSTS_CUT_TEST], { ...stackEnv, HOSTS_CUT_LINK: hosts[CUT]!.link }) : 1;
  if (suitesCode === 0) log(`cut and restore of ${CUT}'s link (${hosts[CUT]!.link}): ${cutCode === 0 ? "passed" : "FAILED"} (${elapsed(cut)})`);
  exitCode = suitesCode || cutCode;
  if (exitCode) for (const p of processes) if (p.output()) console.log(p.output());
} catch (error) {
  console.error(`[test:hosts] ${(error as Error).stack ?? error}`);
  for (const p of processes) if (p.output()) console.log(p.output());
} finally {
  await cleanUp();
  log(`${exitCode === 0 ? "passed" : "FAILED"} in ${elapsed(started)}; namespaces and links removed`);
}
process.exit(exitCode);
