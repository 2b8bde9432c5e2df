// `pnpm start` runs each service from one JavaScript file bundled from its TypeScript sources with esbuild, cached
// under node_modules/.cache/shop-start and rebuilt at start when any of its sources (or the installed packages)
// changed, so an edit takes effect on the next start as it does with tsx.
//
// Why: under tsx each process spends ~1.7 s of CPU in its loader hooks (a round trip to the hooks thread per module,
// on ~250 of them); the bundle skips that, and with 4 subgraphs, the router and the storefront starting on 2 cores,
// those CPU seconds are the time to ready. Only the repository's own sources are bundled: every package import
// stays an import of the installed file (its absolute path), loaded by Node as without a bundle, so packages that
// read files beside themselves (PGlite's wasm, Prisma's query compiler) are untouched. Stack traces map back to
// the sources (--enable-source-maps).
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { repoRoot } from "@shop/shared/paths";
import type { Plugin } from "esbuild";

export const bundleCacheDir = path.join(repoRoot, "node_modules", ".cache", "shop-start");

/**
 * Files whose change invalidates every bundle besides its sources: a reinstall moves the packages' absolute paths,
 * and this file says how to bundle.
 */
const ALWAYS_INPUTS = ["pnpm-lock.yaml", "node_modules/.modules.yaml", "scripts/start-bundles.ts"];

interface Manifest {
  /** The Node.js version bundled for (the bundle's syntax target). */
  node: string;
  entry: string;
  /** Every input (repository-relative) with its modification time and size when bundled. */
  inputs: Record<string, [number, number]>;
}

/**
 * The bundle of each entry (name → repository-relative path), rebuilt when stale; an entry that fails to bundle
 * maps to undefined (the caller runs it with tsx, which reports the error as usual). `note` is told what was rebuilt.
 */
export async function startBundles(
  entries: Record<string, string>,
  note: (line: string) => void,
  cacheDir = bundleCacheDir,
): Promise<Record<string, string | undefined>> {
  const outputOf = (name: string) => path.join(cacheDir, name, "main.mjs");
  const stale = Object.entries(entries).filter(([name, entry]) => !isFresh(cacheDir, name, entry));
  if (stale.length) {
    const startedAt = Date.now();
    try {
      await bundle(cacheDir, Object.fromEntries(stale));
      note(`bundled ${stale.map(([name]) => name).join(", ")} from their sources in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
    } catch (error) {
      note(`could not bundle ${stale.map(([name]) => name).join(", ")} (${(error as Error).message.split("\n").slice(0, 2).join(" ")}); running them with tsx`);
      return Object.fromEntries(Object.keys(entries).map((name) => [name, stale.some(([s]) => s === name) ? undefined : outputOf(name)]));
    }
  }
  return Object.fromEntries(Object.keys(entries).map((name) => [name, outputOf(name)]));
}

const manifestOf = (cacheDir: string, name: string) => path.join(cacheDir, name, "inputs.json");

function stamp(file: string): [number, number] | undefined {
  try {
    const stats = statSync(path.resolve(repoRoot, file));
    return [stats.mtimeMs, stats.size];
  } catch {
    return undefined;
  }
}

function isFresh(cacheDir: string, name: string, entry: string): boolean {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestOf(cacheDir, name), "utf8")) as Manifest;
  } catch {
    return false;
  }
  if (manifest.node !== process.versions.node || manifest.entry !== entry || !existsSync(path.join(cacheDir, name, "main.mjs"))) return false;
  return Object.entries(manifest.inputs).every(([file, [mtime, size]]) => {
    const now = stamp(file);
    return now !== undefined && now[0] === mtime && now[1] === size;
  });
}

async function bundle(cacheDir: string, entries: Record<string, string>): Promise<void> {
  // Loaded only to bundle: a start whose bundles are current does not pay for it.
  const { build } = await import("esbuild");
  const result = await build({
    absWorkingDir: repoRoot,
    entryPoints: Object.fromEntries(Object.entries(entries).map(([name, entry]) => [`${name}/main`, entry])),
    outdir: cacheDir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    format: "esm",
    target: `node${process.versions.node.split(".")[0]}`,
    // Node's own choice of a package's file for an import (its "exports" without esbuild's "module" condition, else "main").
    mainFields: ["main"],
    conditions: ["node"],
    sourcemap: "linked",
    sourcesContent: false,
    metafile: true,
    write: false,
    logLevel: "silent",
    // An external package's require() inside the ESM bundle (esbuild's shim needs a `require` in scope).
    banner: { js: 'import { createRequire as __shopRequire } from "node:module"; const require = __shopRequire(import.meta.url);' },
    plugins: [packagesAsInstalled],
  });
  // The manifest is written last: a bundle interrupted midway is rebuilt next time.
  for (const file of result.outputFiles) {
    mkdirSync(path.dirname(file.path), { recursive: true });
    writeFileSync(`${file.path}.tmp`, file.contents);
    renameSync(`${file.path}.tmp`, file.path);
  }
  for (const [output, meta] of Object.entries(result.metafile.outputs)) {
    if (!meta.entryPoint) continue;
    const name = path.basename(path.dirname(output));
    const inputs = [...Object.keys(meta.inputs), ...ALWAYS_INPUTS].flatMap((file) => {
      const stamped = stamp(file);
      return stamped ? [[file, stamped] as const] : [];
    });
    const manifest: Manifest = { node: process.versions.node, entry: entries[name]!, inputs: Object.fromEntries(inputs) };
    writeFileSync(manifestOf(cacheDir, name), JSON.stringify(manifest));
  }
}

/**
 * Bundles the repository's sources (the @shop/* workspace packages included) and leaves every other package
 * external, imported by the absolute path Node would load; each source's import.meta.url stays its own file's
 * URL, so paths computed from it (paths.ts, schema files) are the same as under tsx.
 */
const packagesAsInstalled: Plugin = {
  name: "packages-as-installed",
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.path.startsWith("@shop/") || args.pluginData === "resolving") return undefined;
      if (args.path.startsWith("node:")) return { path: args.path, external: true };
      const resolved = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: "resolving" });
      if (resolved.errors.length) return { errors: resolved.errors };
      // A built-in module without the node: prefix resolves to no file.
      return { path: resolved.path && path.isAbsolute(resolved.path) ? pathToFileURL(resolved.path).href : args.path, external: true };
    });
    build.onLoad({ filter: /\.[cm]?tsx?$/ }, (args) => ({
      contents: readFileSync(args.path, "utf8").replaceAll("import.meta.url", JSON.stringify(pathToFileURL(args.path).href)),
      loader: args.path.endsWith("x") ? "tsx" : "ts",
    }));
  },
};
