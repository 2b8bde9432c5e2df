// One test suite's gateway, as the audit's harness starts it (run.sh execs this file with the suite's id): fetches the
// suite's supergraph from the harness, writes it to the file the long-lived router watches, waits until the router has
// loaded it (or refused it: then no gateway for this suite), then forwards the harness's requests to the router on the
// port the harness expects, until the harness stops it. The harness gives a gateway 5 s to answer its health check,
// less than our router takes to start on a busy machine; a reload takes a fraction of a second.
// Runs on the harness's Node.js (>= 22.15) with its type stripping: node: built-ins only, erasable syntax only.
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createServer, request } from "node:http";
import { setTimeout as delay } from "node:timers/promises";
import { parseArgs } from "node:util";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { harness: { type: "string" }, router: { type: "string" }, metrics: { type: "string" }, file: { type: "string" }, port: { type: "string" } },
});
const [suite] = positionals;
const { harness, router, metrics, file, port } = values;
if (!suite || !harness || !router || !metrics || !file || !port) {
  console.error("usage: suite-gateway.ts --harness <url> --router <url> --metrics <router metrics url> --file <supergraph file> --port <n> <suite id>");
  process.exit(2);
}

const RELOAD_TIMEOUT_MS = 30_000;

/** The router's supergraph update counters (plugins/metrics.ts: supergraph_updates_total{outcome}). */
async function updates(): Promise<{ applied: number; rejected: number }> {
  const text = await (await fetch(metrics!)).text();
  const count = (outcome: string) =>
    Number(new RegExp(`^supergraph_updates_total\\{[^}]*outcome="${outcome}"[^}]*\\} (\\d+)`, "m").exec(text)?.[1] ?? 0);
  return { applied: count("applied"), rejected: count("rejected") };
}

/** The counters as soon as the router answers (it may still be starting). */
async function updatesOnceUp(): Promise<{ applied: number; rejected: number }> {
  const deadline = Date.now() + RELOAD_TIMEOUT_MS;
  for (;;) {
    try {
      return await updates();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await delay(50);
    }
  }
}

/** Waits until `done` says the router took the file (true) or refused it (false). */
async function waitFor(done: () => Promise<boolean | undefined>): Promise<boolean> {
  const deadline = Date.now() + RELOAD_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const outcome = await done().catch(() => undefined);
    if (outcome !== undefined) return outcome;
    await delay(25);
  }
  return false;
}

const response = await fetch(`${harness}/${suite}/supergraph`);
if (!response.ok) throw new Error(`${harness}/${suite}/supergraph answered ${response.status}`);
const supergraph = await response.text();
const previous = existsSync(file) ? readFileSync(file, "utf8") : undefined;
if (previous !== supergraph) {
  const before = await updatesOnceUp();
  // A rename, so the router never reads half a file.
  writeFileSync(`${file}.tmp`, supergraph);
  renameSync(`${file}.tmp`, file);
  const loaded = await waitFor(async () => {
    const now = await updates();
    if (now.rejected > before.rejected) return false;
    if (previous === undefined) return (await fetch(`${router}/health`)).ok || undefined;
    return now.applied > before.applied || undefined;
  });
  if (!loaded) {
    console.error(`the router did not load ${suite}'s supergraph (see its log): no gateway for this suite`);
    process.exit(1);
  }
}

const target = new URL(router);
const server = createServer((incoming, outgoing) => {
  const upstream = request(
    { host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
    (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    },
  );
  upstream.once("error", (error) => {
    if (!outgoing.headersSent) outgoing.writeHead(502, { "content-type": "text/plain" });
    outgoing.end(`the router is unreachable: ${error.message}`);
  });
  incoming.pipe(upstream);
});
server.listen(Number(port), "127.0.0.1");
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}
