// The repository's own subgraphs, as supergraph.yaml lists them (the one list a new subgraph is added to): name,
// folder and port (its routing_url's), for `pnpm start` and `pnpm build`.
import { readFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "@shop/shared/paths";
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
