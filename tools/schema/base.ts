// The supergraph a change is compared with: the committed supergraph.graphql, or the one at a git revision.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { composeFromConfig, formatProblem } from "./compose.ts";

export interface BaseSupergraph {
  /** Where it came from, for the report (e.g. `supergraph.graphql` or `origin/main:supergraph.graphql`). */
  label: string;
  /** Null when there is none: every element of the new schema is then an addition. */
  supergraphSdl: string | null;
}

/** A file's text at a git revision, or null when the revision does not have it. */
function gitShow(root: string, ref: string, file: string): string | null {
  try {
    return execFileSync("git", ["show", `${ref}:./${file}`], { cwd: root, stdio: "pipe", encoding: "utf8" });
  } catch {
    return null;
  }
}

/** Composes the subgraph SDLs as they were at `ref` (for revisions from before supergraph.graphql was committed). */
function composeAt(root: string, ref: string, configFile: string): string | null {
  const yaml = gitShow(root, ref, configFile);
  if (yaml === null) return null;
  const scratch = mkdtempSync(path.join(tmpdir(), "schema-base-"));
  try {
    const configCopy = path.join(scratch, configFile);
    writeFileSync(configCopy, yaml);
    const composition = composeFromConfig(configCopy, (subgraph) => {
      const file = path.relative(scratch, subgraph.schemaFile).split(path.sep).join("/");
      const sdl = gitShow(root, ref, file);
      if (sdl === null) throw new Error(`--base ${ref}: ${file} (subgraph ${subgraph.name}) does not exist at that revision`);
      return sdl;
    });
    if (!composition.ok) {
      throw new Error(`--base ${ref}: its subgraphs do not compose:\n${composition.errors.map((e) => `  ${formatProblem(e)}`).join("\n")}`);
    }
    return composition.supergraphSdl;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Reads `supergraphFile` from the working tree, or from git revision `ref` when given. A revision without the
 * file is composed from its own supergraph.yaml and SDLs, so `--base` works across the whole history.
 */
export function loadBase(root: string, supergraphFile: string, ref?: string, configFile = "supergraph.yaml"): BaseSupergraph {
  const relative = path.relative(root, path.resolve(root, supergraphFile)).split(path.sep).join("/");
  if (!ref) {
    const file = path.resolve(root, supergraphFile);
    return { label: relative, supergraphSdl: existsSync(file) ? readFileSync(file, "utf8") : null };
  }
  try {
    execFileSync("git", ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], { cwd: root, stdio: "pipe" });
  } catch {
    throw new Error(`--base ${ref}: not a git revision in ${root}`);
  }
  const committed = gitShow(root, ref, relative);
  if (committed !== null) return { label: `${ref}:${relative}`, supergraphSdl: committed };
  return { label: `${ref} (composed from its ${configFile})`, supergraphSdl: composeAt(root, ref, configFile) };
}
