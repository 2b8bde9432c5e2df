// `pnpm start`'s bundles (scripts/start-bundles.ts), on a small real entry: the bundle behaves as the sources run by
// tsx do (paths from import.meta.url, workspace and installed packages, stack traces pointing at the sources), is
// reused while its sources are unchanged, is rebuilt when one changes, and a source that does not compile leaves
// the entry to tsx.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { exitOf, onLines, spawnEntry } from "@shop/shared/child-process";
import { repoRoot } from "@shop/shared/paths";
import { afterAll, describe, expect, it, vi } from "vitest";
import { startBundles } from "../scripts/start-bundles.ts";

vi.setConfig({ testTimeout: 60_000 });

// Inside the repository (as every service's sources are), where node_modules is ignored by git.
const work = mkdtempSync(path.join(repoRoot, "node_modules", ".cache", "start-bundles-test-"));
const cacheDir = path.join(work, "cache");
const source = path.join(work, "src");
const entry = path.relative(repoRoot, path.join(source, "entry.ts"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

mkdirSync(source, { recursive: true });
writeFileSync(
  path.join(source, "entry.ts"),
  `import { repoRoot } from "@shop/shared/paths";
import { parse } from "yaml";
import { value, fail } from "./value.ts";
const own: string = import.meta.url;
console.log(JSON.stringify({ repoRoot, own, value, parsed: parse("a: 1") }));
if (process.env.FAIL) fail();
`,
);
const writeValue = (value: string) =>
  writeFileSync(path.join(source, "value.ts"), `export const value: string = ${JSON.stringify(value)};\nexport function fail(): never {\n  throw new Error("failed on purpose");\n}\n`);

async function run(bundle: string, env: NodeJS.ProcessEnv = {}): Promise<string[]> {
  const child = spawnEntry(entry, { PATH: process.env.PATH, ...env }, { bundle });
  const lines: string[] = [];
  onLines(child, (line) => lines.push(line));
  await exitOf(child);
  return lines;
}

describe("pnpm start's bundles", () => {
  it("run like the sources, are reused while they are unchanged, and rebuilt when one changes", async () => {
    writeValue("first");
    const notes: string[] = [];
    const { app: bundle } = await startBundles({ app: entry }, (line) => notes.push(line), cacheDir);
    expect(notes).toEqual([expect.stringMatching(/^bundled app from their sources in /)]);
    expect(JSON.parse((await run(bundle!))[0]!)).toEqual({
      repoRoot,
      own: pathToFileURL(path.join(source, "entry.ts")).href,
      value: "first",
      parsed: { a: 1 },
    });

    notes.length = 0;
    expect(await startBundles({ app: entry }, (line) => notes.push(line), cacheDir)).toEqual({ app: bundle });
    expect(notes).toEqual([]);

    writeValue("second, edited");
    await startBundles({ app: entry }, (line) => notes.push(line), cacheDir);
    expect(notes).toEqual([expect.stringMatching(/^bundled app /)]);
    expect(JSON.parse((await run(bundle!))[0]!).value).toBe("second, edited");
  });

  it("point stack traces at the sources", async () => {
    writeValue("first");
    const { app: bundle } = await startBundles({ app: entry }, () => {}, cacheDir);
    const output = (await run(bundle!, { FAIL: "1" })).join("\n");
    expect(output).toContain("failed on purpose");
    expect(output).toContain(`${path.join(source, "value.ts")}:3`);
  });

  it("leave an entry whose sources do not compile to tsx, saying why", async () => {
    writeFileSync(path.join(source, "value.ts"), "export const value: string = ;\n");
    const notes: string[] = [];
    expect(await startBundles({ app: entry }, (line) => notes.push(line), cacheDir)).toEqual({ app: undefined });
    expect(notes).toEqual([expect.stringMatching(/^could not bundle app \(.*value\.ts.*\); running them with tsx$/)]);
  });
});
