// A runnable copy of the federation gateway audit (a clone of graphql-hive/federation-gateway-audit) in the audit's
// cache folder: the clone's files, a package.json without its devDependencies (the gateways' tooling, some of it
// unpublished: the harness needs only tsx of them), its dependencies installed from the npm registry, and the run
// script through which the harness starts our router for each test suite.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

/** The folder, under the copy, that holds our gateway's run script (the suite's convention: gateways/<name>/run.sh). */
export const GATEWAY_DIR = path.join("gateways", "shop-router");
const INSTALLED_STAMP = ".shop-installed.json";
/** Never copied from the clone: its git data, its installs and its previous runs' output. */
const SKIPPED = new Set([".git", "node_modules", "logs", "reports", "dist"]);

interface PackageJson {
  name?: string;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  [key: string]: unknown;
}

/** Refuses a folder that is not a clone of the audit. */
export function checkSuiteDir(dir: string): void {
  const missing = ["package.json", "src/cli.ts", "src/test-suites"].filter((entry) => !existsSync(path.join(dir, entry)));
  if (missing.length > 0) {
    throw new Error(
      `${dir} is not a clone of the federation gateway audit (missing ${missing.join(", ")}): ` +
        "git clone https://github.com/graphql-hive/federation-gateway-audit",
    );
  }
}

/**
 * The package.json the copy installs: the suite's dependencies plus tsx (which runs its TypeScript), no
 * devDependencies, and no install script (its postinstall compiles with tsc, a devDependency, for nothing tsx needs).
 */
export function harnessPackageJson(pkg: PackageJson, tsxVersion: string): PackageJson {
  const { devDependencies, scripts = {}, ...rest } = pkg;
  const { postinstall: _postinstall, ...keptScripts } = scripts;
  return {
    ...rest,
    scripts: keptScripts,
    dependencies: { ...pkg.dependencies, tsx: devDependencies?.tsx ?? pkg.dependencies?.tsx ?? tsxVersion },
  };
}

/** The environment without the npm_config_* settings pnpm passes to its scripts (npm warns on pnpm's own). */
export function npmEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.toLowerCase().startsWith("npm_config_")));
}

/** Copies the clone into `workDir` (keeping an earlier copy's node_modules) and installs what changed. */
export function prepareSuite(suiteDir: string, workDir: string, tsxVersion: string, log: (line: string) => void): void {
  checkSuiteDir(suiteDir);
  mkdirSync(workDir, { recursive: true });
  for (const entry of readdirSync(workDir)) {
    if (entry !== "node_modules" && entry !== INSTALLED_STAMP) rmSync(path.join(workDir, entry), { recursive: true, force: true });
  }
  for (const entry of readdirSync(suiteDir)) {
    if (SKIPPED.has(entry)) continue;
    cpSync(path.join(suiteDir, entry), path.join(workDir, entry), { recursive: true, filter: (source) => !SKIPPED.has(path.basename(source)) });
  }
  const pkg = harnessPackageJson(JSON.parse(readFileSync(path.join(suiteDir, "package.json"), "utf8")), tsxVersion);
  const manifest = `${JSON.stringify(pkg, null, 2)}\n`;
  writeFileSync(path.join(workDir, "package.json"), manifest);

  const stamp = path.join(workDir, INSTALLED_STAMP);
  const wanted = JSON.stringify(pkg.dependencies);
  if (existsSync(path.join(workDir, "node_modules")) && existsSync(stamp) && readFileSync(stamp, "utf8") === wanted) return;
  log(`installing the audit harness's dependencies from npm into ${workDir}`);
  const npm = spawnSync("npm", ["install", "--ignore-scripts", "--no-audit", "--no-fund", "--engine-strict=false"], {
    cwd: workDir,
    env: npmEnv(),
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (npm.status !== 0) throw new Error(`npm install in ${workDir} failed (${npm.signal ?? npm.status})`);
  writeFileSync(stamp, wanted);
}

export interface RunScriptOptions {
  /** The harness's Node.js (>= 22.15), which runs suite-gateway.ts with its type stripping. */
  node: string;
  /** suite-gateway.ts. */
  suiteGateway: string;
  /** Where the harness serves its supergraphs (http://127.0.0.1:<port>). */
  harnessUrl: string;
  /** Where the long-lived router listens. */
  routerUrl: string;
  /** Its /metrics, on its own listener (never the public port). */
  routerMetricsUrl: string;
  /** The supergraph file the router watches. */
  supergraphFile: string;
  /** The port the harness sends its queries to. */
  gatewayPort: number;
}

const quote = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`;

/**
 * The harness runs `sh run.sh <suite id>` in the script's folder for each test suite; the script becomes
 * suite-gateway.ts (exec, so the harness's kill stops it), which hands the suite's supergraph to our router.
 */
export function runScript(options: RunScriptOptions): string {
  const args = [
    quote(options.node),
    "--experimental-strip-types",
    "--no-warnings",
    quote(options.suiteGateway),
    `--harness ${quote(options.harnessUrl)}`,
    `--router ${quote(options.routerUrl)}`,
    `--metrics ${quote(options.routerMetricsUrl)}`,
    `--file ${quote(options.supergraphFile)}`,
    `--port ${options.gatewayPort}`,
    '"$1"',
  ];
  return ["#!/bin/sh", "# Written by pnpm audit:federation: test suite $1 against the shop's router.", `exec ${args.join(" ")}`, ""].join("\n");
}

export function writeRunScript(workDir: string, options: RunScriptOptions): string {
  const dir = path.join(workDir, GATEWAY_DIR);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "run.sh");
  writeFileSync(file, runScript(options), { mode: 0o755 });
  return file;
}
