// The gateways under test, each run as its own process in front of the same subgraphs: our router and the
// peers it is compared with.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gatewaySupergraph } from "../../router/src/authorization/security-features.ts";
import { freePort, type Service, spawnService, stopService, waitUntil } from "./processes.ts";

export interface GatewayDefinition {
  id: string;
  label: string;
  entry: string;
  /** Environment beyond what every gateway gets. */
  env: Record<string, string>;
  /** Package versions shown in the report. */
  packages: string[];
}

const ROUTER_ENTRY = "router/src/main.ts";
const APOLLO_PACKAGES = ["@apollo/gateway", "@apollo/server"];
const HIVE_PACKAGES = ["@graphql-hive/gateway-runtime"];

/** Our router with `env` added to its defaults. */
const ours = (id: string, label: string, env: Record<string, string> = {}): GatewayDefinition => ({ id, label, entry: ROUTER_ENTRY, env, packages: APOLLO_PACKAGES });

/** Hive Gateway with one of its query planners. */
const hive = (planner: "js" | "rust", label: string, packages: string[] = []): GatewayDefinition => ({
  id: planner === "js" ? "hiveGateway" : "hiveGatewayRust",
  label,
  entry: "bench/src/peers/hive-gateway.ts",
  env: { HIVE_PLANNER: planner },
  packages: [...HIVE_PACKAGES, ...packages],
});

export const GATEWAYS: GatewayDefinition[] = [
  ours("ours", "ours (router/)"),
  // The router's response cache is on by default; this shows what it buys (harmless where it does not exist yet).
  ours("oursNoCache", "ours, RESPONSE_CACHE=false", { RESPONSE_CACHE: "false" }),
  // Caches on, but no sharing of identical in-flight fetches: every bench connection acts as the same user, the
  // best case for sharing, so this shows the figure for traffic of many different users.
  ours("oursNoDedupe", "ours, SUBGRAPH_DEDUPE=false", { SUBGRAPH_DEDUPE: "false" }),
  // Every cache layer always on, even where it answers nothing (the adaptive decision off): what it saves.
  ours("oursNoAdaptive", "ours, CACHE_ADAPTIVE_WINDOW=0", { CACHE_ADAPTIVE_WINDOW: "0" }),
  {
    id: "apolloGateway",
    label: "stock @apollo/gateway",
    entry: "bench/src/peers/apollo-gateway.ts",
    // Otherwise the gateway reports usage to Apollo and probes cloud metadata endpoints (our router turns it off too).
    env: { APOLLO_TELEMETRY_DISABLED: "true" },
    packages: APOLLO_PACKAGES,
  },
  hive("js", "Hive Gateway (JS planner)"),
  hive("rust", "Hive Gateway (Rust planner)", ["@graphql-hive/router-runtime"]),
  { id: "monolith", label: "reference monolith (bench/src/monolith)", entry: "bench/src/monolith/main.ts", env: {}, packages: ["graphql"] },
];

/**
 * The supergraph the peers serve: without its authorization directives (@authenticated, @requiresScopes,
 * @policy), which stock @apollo/gateway refuses to load and only our router enforces, as the router hands it to
 * its own gateway.
 */
export const peerSupergraph = (supergraphSdl: string): string => gatewaySupergraph(supergraphSdl);

/** Our router, in every configuration measured: they get the subgraph URLs rather than a supergraph file. */
export const isOurs = (id: string) => GATEWAYS.some((gateway) => gateway.id === id && gateway.entry === ROUTER_ENTRY);

export interface RunningGateway {
  definition: GatewayDefinition;
  service: Service;
  url: string;
}

/** Posts one GraphQL operation; resolves with the status and the raw body text. */
export async function post(url: string, query: string, headers: Record<string, string> = {}, variables?: object) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(variables ? { query, variables } : { query }),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, text: await response.text() };
}

/**
 * Starts a gateway and waits until it answers; with `profileDir`, node writes a CPU profile there when it exits.
 * A port taken between freePort() and the gateway's listen (by another process's outgoing connection) is retried
 * on a new port.
 */
export async function startGateway(
  definition: GatewayDefinition,
  env: Record<string, string>,
  options: { verbose: boolean; profileDir?: string },
): Promise<RunningGateway> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const service = spawnService(definition.id, definition.entry, { ...env, ...definition.env, PORT: String(port), HOST: "127.0.0.1" }, {
      verbose: options.verbose,
      critical: false, // until it answers: a start that lost its port is retried
      // One folder per gateway: node writes one profile per thread (the main one is the largest).
      nodeArgs: options.profileDir ? ["--cpu-prof", `--cpu-prof-dir=${path.join(options.profileDir, definition.id)}`] : [],
    });
    const url = `http://127.0.0.1:${port}/graphql`;
    try {
      await waitUntil(service, async () => (await post(url, "{ __typename }")).status === 200, 180_000);
      service.critical = definition.id === "ours";
      return { definition, service, url };
    } catch (error) {
      await stopService(service);
      if (attempt < 3 && service.tail.some((line) => line.includes("EADDRINUSE"))) continue;
      throw error;
    }
  }
}

/** The installed version of a package the bench depends on (read from bench/node_modules, as pnpm links it). */
export function installedVersion(name: string): string {
  try {
    const file = fileURLToPath(new URL(`../node_modules/${name}/package.json`, import.meta.url));
    return (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version;
  } catch {
    return "not installed";
  }
}
