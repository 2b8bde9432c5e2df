// `pnpm start`: runs the subgraphs (supergraph.yaml's), the router and the storefront as separate processes, waits until they are ready,
// prints the URLs, and stops them all cleanly on Ctrl-C. Each subgraph migrates (and on first run seeds)
// its own database as it starts: PGlite under .data/<name> unless <NAME>_DATABASE_URL says otherwise.
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import path from "node:path";
import { developmentSecret } from "@shop/shared/config";
import { repoRoot } from "@shop/shared/paths";
import { ownSubgraphs } from "./services.ts";

interface Service {
  name: string;
  entry: string;
  port: number;
}

const env = process.env;
const production = env.NODE_ENV === "production";
const subgraphs: Service[] = ownSubgraphs().map(({ name, dir, port }) => ({
  name,
  entry: `${dir}/src/main.ts`,
  port: Number(env[`${name.toUpperCase()}_PORT`] ?? port),
}));
const router: Service = { name: "router", entry: "router/src/main.ts", port: Number(env.ROUTER_PORT ?? env.PORT ?? 4000) };
const storefront: Service = { name: "storefront", entry: "storefront/scripts/serve.ts", port: Number(env.STOREFRONT_PORT ?? 5173) };

// Every process must agree on the secrets: outside production, share the generated development ones.
const shared: NodeJS.ProcessEnv = { ...env };
if (!production) {
  shared.JWT_SECRET ||= developmentSecret("JWT_SECRET");
  shared.SUBGRAPH_SECRET ||= developmentSecret("SUBGRAPH_SECRET");
}
delete shared.PORT;
delete shared.DATABASE_URL;

const colors = [36, 33, 35, 32, 34];
const children = new Map<string, ChildProcess>();
let stopping = false;

function run(service: Service, index: number, extra: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(repoRoot, service.entry)], {
    cwd: repoRoot,
    env: Object.fromEntries(
      Object.entries({ ...shared, ...extra, PORT: String(service.port) }).filter(([, value]) => value !== undefined),
    ),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const label = `\x1b[${colors[index % colors.length]}m${service.name.padEnd(8)}\x1b[0m|`;
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream! }).on("line", (line) => console.log(`${label} ${line}`));
  }
  child.on("exit", (code, signal) => {
    children.delete(service.name);
    if (!stopping) {
      console.error(`${service.name} exited (${signal ?? code}); stopping everything`);
      void stopAll(1);
    }
  });
  children.set(service.name, child);
  return child;
}

// A first start creates four embedded databases at once: minutes on a busy 2-core machine.
const READY_TIMEOUT_MS = Number(env.START_TIMEOUT_MS ?? 300_000);

async function waitReady(service: Service, timeoutMs = READY_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (stopping) return;
    try {
      const response = await fetch(`http://127.0.0.1:${service.port}/ready`, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${service.name} did not become ready within ${timeoutMs / 1000}s`);
}

async function stopAll(exitCode: number): Promise<never> {
  stopping = true;
  const exits = [...children.values()].map(
    (child) =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const kill = setTimeout(() => child.kill("SIGKILL"), 10_000);
        child.once("exit", () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill("SIGTERM");
      }),
  );
  await Promise.all(exits);
  process.exit(exitCode);
}

process.on("SIGINT", () => void stopAll(0));
process.on("SIGTERM", () => void stopAll(0));

const urls = Object.fromEntries(subgraphs.map((s) => [`${s.name.toUpperCase()}_URL`, `http://127.0.0.1:${s.port}/graphql`]));
// A subgraph that calls another (orders calls products for stock, payments calls orders for the order to charge)
// reads its <NAME>_URL: every subgraph gets the same URLs as the router.
subgraphs.forEach((service, index) => {
  run(service, index, { DATABASE_URL: env[`${service.name.toUpperCase()}_DATABASE_URL`] || undefined, ...urls });
});
// `pnpm start --trusted-only`: the router serves only the storefront's persisted-query manifest.
const trustedOnly = process.argv.includes("--trusted-only") ? { TRUSTED_DOCUMENTS_ONLY: "true" } : {};
run(router, subgraphs.length, { ...urls, ...trustedOnly });

try {
  await Promise.all(subgraphs.map((service) => waitReady(service)));
  await waitReady(router);
  // Started last: its dev server's first dependency scan would otherwise compete with the migrations for CPU.
  if (!stopping) run(storefront, subgraphs.length + 1, { ROUTER_URL: `http://127.0.0.1:${router.port}`, STOREFRONT_PORT: String(storefront.port) });
  await waitReady(storefront);
} catch (error) {
  console.error((error as Error).message);
  await stopAll(1);
}
if (!stopping) {
  console.log(`
  Supergraph ready${production ? " (production mode)" : ""}:
    storefront http://localhost:${storefront.port}/  (the shop; log in as ada@example.com / storefront-demo)
    router     http://localhost:${router.port}/  ${production ? "" : "(open it in a browser for Apollo Sandbox)"}
    ${subgraphs.map((s) => `${s.name.padEnd(10)} http://127.0.0.1:${s.port}/graphql  (router-only)`).join("\n    ")}
    probes     /health /ready /metrics on every port
  Press Ctrl-C to stop.
`);
}
