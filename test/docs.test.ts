// The README and docs/ stay true to the repository: every link resolves, every repository path they name
// exists, and every `pnpm <script>` they tell a reader to run is a script of the workspace.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "@shop/shared/paths";
import { describe, expect, it } from "vitest";

function markdownFiles(dir: string): string[] {
  return readdirSync(path.join(repoRoot, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(relative);
    return entry.name.endsWith(".md") ? [relative] : [];
  });
}

const DOCS = ["README.md", "BENCHMARKS.md", "bench/README.md", "deploy/README.md", ...markdownFiles("docs")];
const TOP_LEVEL = new Set(readdirSync(repoRoot));
const rootScripts = Object.keys((JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts);
/** pnpm's own commands a doc may show. */
const PNPM_COMMANDS = new Set(["install", "add", "exec", "dlx", "run", "fetch", "patch", "patch-commit", "deploy", "why"]);

/** True for a path git ignores: something a command writes (a copied .env, screenshots), not a file of the repository. */
const ignored = (file: string) => {
  try {
    execFileSync("git", ["check-ignore", "-q", file], { cwd: repoRoot });
    return true;
  } catch {
    return false;
  }
};

/** Code spans and fenced code of a markdown text (where paths and commands are written). */
function codeOf(text: string): string[] {
  const spans = [...text.matchAll(/```[^\n]*\n([\s\S]*?)```/g)].map((match) => match[1]!);
  const withoutFences = text.replace(/```[\s\S]*?```/g, "");
  return [...spans, ...[...withoutFences.matchAll(/`([^`\n]+)`/g)].map((match) => match[1]!)];
}

describe.each(DOCS)("%s", (doc) => {
  const text = readFileSync(path.join(repoRoot, doc), "utf8");

  it("links only to files that exist", () => {
    const broken = [...text.matchAll(/\]\(([^)\s]+)\)/g)]
      .map((match) => match[1]!)
      .filter((target) => !/^[a-z]+:/.test(target) && !target.startsWith("#"))
      .filter((target) => !existsSync(path.resolve(repoRoot, path.dirname(doc), target.split("#")[0]!)));
    expect(broken).toEqual([]);
  });

  it("names only repository paths that exist", () => {
    const paths = codeOf(text)
      .flatMap((code) => code.split(/[\s,()'"=]+/))
      .map((word) => word.replace(/[.:;]+$/, ""))
      // A path of this repository: starts at a top-level folder, names a file with an extension or a folder.
      .filter((word) => /^[\w.-]+\/[\w./-]*$/.test(word) && TOP_LEVEL.has(word.split("/")[0]!) && !/[*<>]/.test(word));
    const missing = [...new Set(paths)].filter((word) => !existsSync(path.join(repoRoot, word)) && !ignored(word));
    expect(missing).toEqual([]);
  });

  it("tells readers to run only scripts the workspace has", () => {
    const commands = codeOf(text).flatMap((code) => [...code.matchAll(/(?:^|[\s;&|(])pnpm(?:@10)?\s+([\w:.-]+)/g)].map((match) => match[1]!));
    const unknown = [...new Set(commands)].filter((name) => !rootScripts.includes(name) && !PNPM_COMMANDS.has(name) && !name.startsWith("-"));
    expect(unknown).toEqual([]);
  });
});
