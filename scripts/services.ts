// The repository's own subgraphs, as supergraph.yaml lists them (the one list a new subgraph is added to): name,
// folder and port (its routing_url's), for `pnpm start`, `pnpm build` and the db commands; and the processes of
// `pnpm start` (entry and port, overridable as <NAME>_PORT), also started by the tests that run the shop as it does.
import { readFileSync } from "node:fs";
import path from "node:path";
import { ROUTER_ISSUER, ROUTER_ISSUERS } from "@shop/shared/identity";
import { repoRoot } from "@shop/shared/paths";
import { launchedProcessKeys } from "@shop/shared/service-keys";
import { parse } from "yaml";

export interface OwnSubgraph {
  name: string;
  /** Its workspace folder: subgraphs/<name>. */
  dir: string;
  port: number;
}

export function ownSubgraphs(file = path.join(repoRoot, "supergraph.yaml")): OwnSubgraph[] {
  const { subgraphs } = parse(readFileSync(file, "utf8")) as { subgraphs: Record<string, { routing_url: string }> };
  return Object.entries(subgraphs).map(([name, { routing_url }]) => ({ name, dir: `subgraphs/${name}`, port: Number(new URL(routing_url).port) }));
}

export interface ServiceSpec {
  name: string;
  /** Entry file, from the repository root. */
  entry: string;
  port: number;
}

export function subgraphSpecs(env: NodeJS.ProcessEnv = process.env): ServiceSpec[] {
  return ownSubgraphs().map(({ name, dir, port }) => ({ name, entry: `${dir}/src/main.ts`, port: Number(env[`${name.toUpperCase()}_PORT`] ?? port) }));
}

export function routerSpec(env: NodeJS.ProcessEnv = process.env): ServiceSpec {
  return { name: "router", entry: "router/src/main.ts", port: Number(env.ROUTER_PORT ?? env.PORT ?? 4000) };
}

export function storefrontSpec(env: NodeJS.ProcessEnv = process.env): ServiceSpec {
  return { name: "storefront", entry: "storefront/scripts/serve.ts", port: Number(env.STOREFRONT_PORT ?? 5173) };
}

/**
 * Every subgraph's <NAME>_URL: the router reads them, and so does a subgraph that calls another (orders calls
 * products for stock, payments calls orders for the order to charge).
 */
export function subgraphUrls(subgraphs: ServiceSpec[]): Record<string, string> {
  return Object.fromEntries(subgraphs.map((s) => [`${s.name.toUpperCase()}_URL`, `http://127.0.0.1:${s.port}/graphql`]));
}

/**
 * The key variables of process `name` with every key derived from `root` (service-keys.ts): its own key, and the
 * keys of each issuer toward it (the router's issuers, each subgraph; the router is called by none). The
 * receiver's allow-list decides which of them it accepts, and for what.
 */
export function processKeys(root: string, name: string, subgraphs: ReadonlyArray<{ name: string }> = ownSubgraphs()) {
  const issuers = name === ROUTER_ISSUER ? [] : [...ROUTER_ISSUERS, ...subgraphs.map((subgraph) => subgraph.name)];
  return launchedProcessKeys(root, name, issuers);
}

/** The processes that hold keys (the router and each own subgraph): the storefront holds none. */
export function keyHolders(subgraphs: ReadonlyArray<{ name: string }> = ownSubgraphs()): string[] {
  return [ROUTER_ISSUER, ...subgraphs.map((subgraph) => subgraph.name)];
}
