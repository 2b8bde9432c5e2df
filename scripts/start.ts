// `pnpm start`: runs the subgraphs (supergraph.yaml's), the router and the storefront together, as separate supervised processes
// (supervisor.ts: a crashed one is restarted while the others keep serving), prints the URLs once all are ready, and
// stops them all on Ctrl-C with exit code 0. Each subgraph creates, migrates and seeds its own database as it starts:
// PGlite under .data/<name> unless <NAME>_DATABASE_URL says otherwise.
import { createServer } from "node:net";
import { developmentSecret, secret } from "@shop/shared/config";
import { createLogger } from "@shop/shared/logger";
import { startBundles } from "./start-bundles.ts";
import { keyHolders, processKeys, routerSpec, type ServiceSpec, storefrontSpec, subgraphSpecs, subgraphUrls } from "./services.ts";
import { type SupervisedService, Supervisor } from "./supervisor.ts";

const env = process.env;
const production = env.NODE_ENV === "production";
const terminal = Boolean(process.stdout.isTTY);
const subgraphs = subgraphSpecs(env);
const router = routerSpec(env);
const storefront = storefrontSpec(env);

// Every process must agree on the secrets: outside production, share the generated development ones. On a
// terminal the children log one coloured line per entry (their own stdout is our pipe, not a terminal).
const shared: NodeJS.ProcessEnv = { ...env, ...(terminal ? { LOG_FORMAT: env.LOG_FORMAT ?? "pretty", FORCE_COLOR: env.FORCE_COLOR ?? "1" } : {}) };
if (!production) {
  shared.JWT_SECRET ||= developmentSecret("JWT_SECRET");
  shared.SUBGRAPH_SECRET ||= developmentSecret("SUBGRAPH_SECRET");
}
delete shared.PORT;
delete shared.DATABASE_URL;

// Settings every process reads the same way are checked once, here, rather than by five processes failing alike.
// Zero trust between services: no child gets SUBGRAPH_SECRET. Each gets its own key derived from it and the keys
// that check its callers' credentials (service-keys.ts), so one compromised process cannot act as another.
let keysOf: (name: string) => NodeJS.ProcessEnv;
try {
  createLogger("start", undefined, shared);
  const master = secret("SUBGRAPH_SECRET", shared);
  const holders = new Set(keyHolders(subgraphs));
  // The router is called by no service: it gets no SERVICE_TRUSTED_KEYS.
  keysOf = (name) => (holders.has(name) ? Object.fromEntries(Object.entries(processKeys(master, name, subgraphs)).filter(([, value]) => value)) : {});
  delete shared.SUBGRAPH_SECRET;
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
const busy = await busyPorts([...subgraphs, router, storefront]);
if (busy.length) {
  console.error(`Cannot start: ${busy.map((s) => `port ${s.port} (${s.name})`).join(", ")} already in use. Is another \`pnpm start\` running? Stop it, or choose other ports (USERS_PORT ... PAYMENTS_PORT, ROUTER_PORT, STOREFRONT_PORT).`);
  process.exit(1);
}

const startedAt = Date.now();
let stopping = false;
const supervisor = new Supervisor({
  print: (line) => console.log(line),
  colors: terminal,
  readyTimeoutMs: Number(env.START_TIMEOUT_MS ?? 300_000), // a first start on a busy 2-core machine takes a minute or more
  onGiveUp: () => void stop(1),
});

async function stop(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  supervisor.say("stopping every service");
  await supervisor.stop();
  process.exit(exitCode);
}

/** Ctrl-C (or a signal): stop everything, exit 0; a second one does not wait for a graceful stop. */
function interrupt(): void {
  if (!stopping) return void stop(0);
  supervisor.kill();
  process.exit(1);
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, interrupt);
// On a terminal, Ctrl-C is read as a key (raw mode) rather than received as SIGINT: pnpm reports any script run it
// sees interrupted by SIGINT as failed (ELIFECYCLE, exit 130) whatever the script does, and the children, in their
// own process groups, are stopped by us in order. Node restores the terminal's mode when it exits.
if (process.stdin.isTTY) {
  process.stdin.setRawMode(true);
  process.stdin.on("data", (keys: Buffer) => {
    if (keys.includes(0x03)) interrupt();
  });
}

// Each service runs from its sources bundled to one JavaScript file (rebuilt here when they changed): under tsx,
// module loading alone costs each process about as much CPU as opening its database.
const bundles = await startBundles(Object.fromEntries([...subgraphs, router, storefront].map((s) => [s.name, s.entry])), (line) => supervisor.say(line));

const urls = subgraphUrls(subgraphs);
const supervised = (service: ServiceSpec, stage: number, extra: NodeJS.ProcessEnv, probes = ["/health", "/ready"]): SupervisedService => ({
  ...service,
  stage,
  bundle: bundles[service.name],
  env: Object.fromEntries(Object.entries({ ...shared, ...keysOf(service.name), ...extra }).filter(([, value]) => value !== undefined)),
  readyUrls: probes.map((probe) => `http://127.0.0.1:${service.port}${probe}`),
});

try {
  // All at once: the router's and the storefront's start costs little beside the databases', and the router needs
  // no subgraph to start (its probes do not depend on them); it polls the products change feed until products
  // answers, saying "waiting for the products change feed" once. `pnpm start --trusted-only`: the router serves only
  // the storefront's persisted-query manifest.
  const trustedOnly = process.argv.includes("--trusted-only") ? { TRUSTED_DOCUMENTS_ONLY: "true" } : {};
  await Promise.all([
    ...subgraphs.map((service) =>
      supervisor.start(supervised(service, 0, { DATABASE_URL: env[`${service.name.toUpperCase()}_DATABASE_URL`] || undefined, ...urls })),
    ),
    supervisor.start(supervised(router, 1, { ...urls, ...trustedOnly })),
    supervisor.start(supervised(storefront, 2, { ROUTER_URL: `http://127.0.0.1:${router.port}`, STOREFRONT_PORT: String(storefront.port) }, ["/"])),
  ]);
} catch {
  // Given up or stopped: stop() is on its way and exits.
  await new Promise(() => {});
}
console.log(`
  Supergraph ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s${production ? " (production mode)" : ""}:
    storefront http://localhost:${storefront.port}/  (the shop; log in as ada@example.com / storefront-demo)
    router     http://localhost:${router.port}/  ${production ? "" : "(open it in a browser for Apollo Sandbox)"}
    ${subgraphs.map((s) => `${s.name.padEnd(10)} http://127.0.0.1:${s.port}/graphql  (router-only)`).join("\n    ")}
    probes     /health /ready on every port; /metrics on each subgraph's and on the router's own http://127.0.0.1:${env.METRICS_PORT ?? 9464}/metrics
  Press Ctrl-C to stop.
`);

/** The services whose port is taken (by another `pnpm start`, say): each of ours would fail on it. */
async function busyPorts(services: ServiceSpec[]): Promise<ServiceSpec[]> {
  const taken = await Promise.all(
    services.map(
      (service) =>
        new Promise<boolean>((resolve) => {
          const probe = createServer();
          probe.once("error", () => resolve(true));
          probe.listen(service.port, env.HOST ?? "127.0.0.1", () => probe.close(() => resolve(false)));
        }),
    ),
  );
  return services.filter((_, index) => taken[index]);
}
