// Reads supergraph.yaml (rover's format) and composes the subgraph SDLs into a supergraph with @apollo/composition.
import { readFileSync } from "node:fs";
import path from "node:path";
import { composeServices } from "@apollo/composition";
import { parse as parseGraphQL } from "graphql";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import type { LoadedSupergraph } from "./hot-reload.ts";

const supergraphConfigSchema = z.object({
  federation_version: z.string().regex(/^=?2(\.\d+){0,2}$/, "must be a Federation 2 version such as =2.14.4"),
  subgraphs: z.record(
    z.string().regex(/^[a-z][a-z0-9_-]*$/, "subgraph names are lower-case identifiers"),
    z.object({
      routing_url: z.url(),
      schema: z.object({ file: z.string() }),
    }),
  ),
});

export interface SubgraphDefinition {
  name: string;
  url: string;
  /** Absolute path of the SDL file. */
  schemaFile: string;
}

export interface SupergraphConfig {
  federationVersion: string;
  subgraphs: SubgraphDefinition[];
}

/** Parses supergraph.yaml; `<NAME>_URL` variables override routing URLs. */
export function readSupergraphConfig(file: string, env: NodeJS.ProcessEnv = process.env): SupergraphConfig {
  const raw = parseYaml(readFileSync(file, "utf8"));
  const result = supergraphConfigSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new Error(`${file} is not a valid supergraph config: ${problems}`);
  }
  const dir = path.dirname(path.resolve(file));
  return {
    federationVersion: result.data.federation_version.replace(/^=/, ""),
    subgraphs: Object.entries(result.data.subgraphs).map(([name, subgraph]) => ({
      name,
      url: env[`${name.toUpperCase().replace(/-/g, "_")}_URL`] || subgraph.routing_url,
      schemaFile: path.resolve(dir, subgraph.schema.file),
    })),
  };
}

/** One composition error; `subgraphs` names the subgraphs it involves, when they can be told. */
export interface CompositionProblem {
  code: string;
  message: string;
  subgraphs?: string[];
}

export class CompositionError extends Error {
  override name = "CompositionError";
  constructor(readonly problems: CompositionProblem[]) {
    super(`Supergraph composition failed:\n${problems.map((p) => `  [${p.code}] ${p.message}`).join("\n")}`);
  }
}

export interface Composed {
  supergraphSdl: string;
  hints: CompositionProblem[];
}

/** The subgraphs an error is about: from its AST nodes, else the names it quotes ("orders") or prefixes ([orders]). */
function subgraphsOf(error: { message: string; nodes?: readonly unknown[] | undefined }, names: string[]): string[] {
  const fromNodes = (error.nodes ?? []).map((node) => (node as { subgraph?: unknown }).subgraph).filter((name) => typeof name === "string");
  const fromMessage = names.filter((name) => error.message.includes(`"${name}"`) || error.message.startsWith(`[${name}]`));
  return [...new Set([...fromNodes, ...fromMessage])].sort();
}

/**
 * Composes the subgraphs' SDL files as they are on disk now (or as `readSdl` returns them).
 * Throws CompositionError with every error.
 */
export function composeSupergraph(
  config: SupergraphConfig,
  readSdl: (subgraph: SubgraphDefinition) => string = (subgraph) => readFileSync(subgraph.schemaFile, "utf8"),
): Composed {
  const services = config.subgraphs.map((subgraph) => {
    const sdl = readSdl(subgraph);
    try {
      return { name: subgraph.name, url: subgraph.url, typeDefs: parseGraphQL(sdl) };
    } catch (error) {
      throw new CompositionError([
        { code: "INVALID_GRAPHQL", message: `[${subgraph.name}] ${(error as Error).message}`, subgraphs: [subgraph.name] },
      ]);
    }
  });
  const result = composeServices(services);
  if (result.errors) {
    const names = config.subgraphs.map((subgraph) => subgraph.name);
    throw new CompositionError(
      result.errors.map((error) => ({
        code: String(error.extensions?.code ?? "COMPOSITION_ERROR"),
        message: error.message,
        subgraphs: subgraphsOf(error, names),
      })),
    );
  }
  return {
    supergraphSdl: result.supergraphSdl,
    hints: result.hints.map((hint) => ({
      code: hint.definition.code,
      message: hint.message,
      subgraphs: subgraphsOf(hint, config.subgraphs.map((subgraph) => subgraph.name)),
    })),
  };
}

/** The subgraphs `read` returns, composed now, as the hot-reload hook takes them (watching `configFile` too). */
export function loadComposed(read: () => SupergraphConfig, configFile?: string): Omit<LoadedSupergraph, "gatewaySdl" | "authorization"> {
  const config = read();
  const composed = composeSupergraph(config);
  return {
    supergraphSdl: composed.supergraphSdl,
    subgraphs: config.subgraphs.map(({ name, url }) => ({ name, url })),
    files: [...(configFile ? [configFile] : []), ...config.subgraphs.map((subgraph) => subgraph.schemaFile)],
    hints: composed.hints,
  };
}
