// The per-suite gateway the harness starts (suite-gateway.ts), against our real router watching a supergraph file:
// it takes each suite's supergraph from the harness's endpoint, waits until the router serves it, forwards queries
// on the harness's port, stops on SIGTERM, and refuses to serve a suite whose supergraph the router rejects.
// (The audit's own harness is not in the repository: a small HTTP server stands in for its supergraph endpoint.)
import { type ChildProcess, spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { composeServices } from "@apollo/composition";
import { eventually, freePort, postGraphQL, testEnv } from "@shop/shared/testing";
import { parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../router/src/config.ts";
import { type RunningRouter, startRouter } from "../../../router/src/server.ts";

const SUITE_GATEWAY = fileURLToPath(new URL("../src/suite-gateway.ts", import.meta.url));
const TSX = fileURLToPath(import.meta.resolve("tsx"));

/** A one-subgraph supergraph whose query type names the suite (the router answers introspection without subgraphs). */
function supergraphOf(typeName: string): string {
  const composed = composeServices([
    { name: "only", url: "http://127.0.0.1:9/graphql", typeDefs: parse(`type Query { ${typeName.toLowerCase()}: ${typeName} } type ${typeName} { id: ID! }`) },
  ]);
  if (composed.errors) throw new Error(composed.errors.map((error) => error.message).join("\n"));
  return composed.supergraphSdl;
}

const SUPERGRAPHS: Record<string, string> = { alpha: supergraphOf("Alpha"), beta: supergraphOf("Beta"), broken: "type Query {" };

describe("a test suite's gateway", () => {
  let harness: Server;
  let harnessUrl: string;
  let routerStarting: Promise<RunningRouter>;
  let routerUrl: string;
  let metricsUrl: string;
  let supergraphFile: string;
  const gateways: ChildProcess[] = [];

  beforeAll(async () => {
    harness = createServer((req, res) => {
      const supergraph = SUPERGRAPHS[/^\/([\w-]+)\/supergraph$/.exec(req.url ?? "")?.[1] ?? ""];
      res.writeHead(supergraph ? 200 : 404).end(supergraph ?? "no such suite");
    });
    await new Promise<void>((resolve) => harness.listen(0, "127.0.0.1", resolve));
    harnessUrl = `http://127.0.0.1:${(harness.address() as { port: number }).port}`;
    supergraphFile = path.join(mkdtempSync(path.join(tmpdir(), "suite-gateway-")), "supergraph.graphql");
    // The router listens at once and waits for the file (its start resolves once it has a supergraph).
    const [port, metricsPort] = [await freePort(), await freePort()];
    routerUrl = `http://127.0.0.1:${port}`;
    metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    routerStarting = startRouter(
      loadConfig(
        testEnv({ PORT: String(port), METRICS_PORT: String(metricsPort), LOG_LEVEL: "fatal", SUPERGRAPH_FILE: supergraphFile, SUPERGRAPH_POLL_MS: "50", OWN_SUBGRAPHS: "", RESPONSE_CACHE: "false" }),
      ),
    );
  });
  afterAll(async () => {
    for (const gateway of gateways) gateway.kill("SIGKILL");
    await (await routerStarting)?.stop();
    await new Promise((resolve) => harness?.close(resolve));
  });

  /** Starts the gateway of one suite as run.sh does (with tsx here: this Node.js may predate type stripping). */
  async function startGateway(suite: string) {
    const port = await freePort();
    const gateway = spawn(
      process.execPath,
      ["--import", TSX, SUITE_GATEWAY, "--harness", harnessUrl, "--router", routerUrl, "--metrics", metricsUrl, "--file", supergraphFile, "--port", String(port), suite],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    gateways.push(gateway);
    let stderr = "";
    gateway.stderr?.on("data", (chunk) => {
      stderr += chunk;
    });
    const exited = new Promise<number | null>((resolve) => gateway.once("exit", (code) => resolve(code)));
    return { gateway, port, exited, stderr: () => stderr };
  }

  const typeServed = async (port: number, name: string) =>
    (await postGraphQL(`http://127.0.0.1:${port}/graphql`, `{ __type(name: "${name}") { name } }`)).data?.__type?.name ?? null;

  it("serves the first suite's supergraph once the router has loaded it", async () => {
    const { gateway, port, exited } = await startGateway("alpha");
    await eventually(async () => (await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined))?.status === 200, { timeoutMs: 30_000 });
    expect(await typeServed(port, "Alpha")).toBe("Alpha");
    gateway.kill("SIGTERM");
    expect(await exited).toBe(0);
  });

  it("hands the next suite's supergraph to the same router, which serves it instead", async () => {
    const { gateway, port, exited } = await startGateway("beta");
    await eventually(async () => (await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined))?.status === 200, { timeoutMs: 30_000 });
    expect(await typeServed(port, "Beta")).toBe("Beta");
    expect(await typeServed(port, "Alpha")).toBeNull();
    gateway.kill("SIGTERM");
    expect(await exited).toBe(0);
  });

  it("gives no gateway for a suite whose supergraph the router refuses, and the router keeps its previous one", async () => {
    const { exited, stderr } = await startGateway("broken");
    expect(await exited).toBe(1);
    expect(stderr()).toContain("the router did not load broken's supergraph");
    const { data } = await postGraphQL(`${routerUrl}/graphql`, `{ __type(name: "Beta") { name } }`);
    expect(data?.__type).toEqual({ name: "Beta" });
  });
});
