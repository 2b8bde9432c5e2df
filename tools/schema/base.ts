// The supergraph a change is compared with: the committed supergraph.graphql, or that file at a git revision.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

export interface BaseSupergraph {
  /** Where it came from, for the report (e.g. `supergraph.graphql` or `origin/main:supergraph.graphql`). */
  label: string;
  /** Null when there is none yet: every element of the new schema is then an addition. */
  supergraphSdl: string | null;
}

/** Reads `supergraphFile` from the working tree, or from `ref` when given (`git show <ref>:<path>`). */
export function loadBase(root: string, supergraphFile: string, ref?: string): BaseSupergraph {
  const relative = path.relative(root, path.resolve(root, supergraphFile)).split(path.sep).join("/");
  if (!ref) {
    const file = path.resolve(root, supergraphFile);
    return { label: relative, supergraphSdl: existsSync(file) ? readFileSync(file, "utf8") : null };
  }
  const label = `${ref}:${relative}`;
  try {
    execFileSync("git", ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], { cwd: root, stdio: "pipe" });
  } catch {
    throw new Error(`--base ${ref}: not a git revision in ${root}`);
  }
  try {
    const sdl = execFileSync("git", ["show", `${ref}:./${relative}`], { cwd: root, stdio: "pipe", encoding: "utf8" });
    return { label, supergraphSdl: sdl };
  } catch {
    // The revision predates supergraph.graphql: nothing to compare with.
    return { label, supergraphSdl: null };
  }
}
