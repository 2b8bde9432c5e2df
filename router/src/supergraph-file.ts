// Reads a pre-composed supergraph file (what `pnpm compose` or `rover supergraph compose` writes) and checks it
// the way the gateway will use it, so a bad file is refused with a message naming the file and the problem.
import { readFileSync } from "node:fs";
import type { Supergraph } from "@apollo/federation-internals";
import { parse } from "graphql";
import { buildSupergraph } from "./authorization/security-features.ts";

export class SupergraphFileError extends Error {
  override name = "SupergraphFileError";
}

export interface RoutedSubgraph {
  /** The name in `join__graph(name:)`. */
  name: string;
  /** Where the router sends this subgraph's fetches (the file's URL unless overridden). */
  url: string;
}

export interface SupergraphFile {
  supergraphSdl: string;
  subgraphs: RoutedSubgraph[];
}

/** `<NAME>_URL` (upper-cased, `-` as `_`): the same override supergraph.yaml's routing URLs take. */
export function routingUrl(name: string, fileUrl: string, env: NodeJS.ProcessEnv): string {
  return env[`${name.toUpperCase().replace(/-/g, "_")}_URL`] || fileUrl;
}

/**
 * Reads and validates `file`: GraphQL syntax, a Federation 2 supergraph (join and link specs, every join
 * directive consistent, no feature the router cannot serve such as @context; the authorization features are
 * enforced by the router, see authorization/), and an API schema that builds. The gateway skips part of this
 * check under NODE_ENV=production; it is always done here.
 */
export function readSupergraphFile(file: string, env: NodeJS.ProcessEnv): SupergraphFile {
  let supergraphSdl: string;
  try {
    supergraphSdl = readFileSync(file, "utf8");
  } catch (error) {
    throw new SupergraphFileError(`Cannot read the supergraph file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (!supergraphSdl.trim()) throw new SupergraphFileError(`The supergraph file ${file} is empty`);
  try {
    parse(supergraphSdl);
  } catch (error) {
    throw new SupergraphFileError(`The supergraph file ${file} is not valid GraphQL: ${(error as Error).message}`);
  }
  let supergraph: Supergraph;
  try {
    supergraph = buildSupergraph(supergraphSdl);
    supergraph.apiSchema();
  } catch (error) {
    throw new SupergraphFileError(`The supergraph file ${file} is not a valid Federation 2 supergraph: ${(error as Error).message}`);
  }
  const subgraphs = supergraph.subgraphsMetadata().map(({ name, url }) => ({ name, url: routingUrl(name, url, env) }));
  for (const subgraph of subgraphs) {
    if (!URL.canParse(subgraph.url)) {
      throw new SupergraphFileError(`The supergraph file ${file} gives subgraph "${subgraph.name}" no usable URL ("${subgraph.url}")`);
    }
  }
  return { supergraphSdl, subgraphs };
}
