// `pnpm build [service...]`: compiles the services to JavaScript and lays out one runnable folder per service under
// build/<service> (production dependencies only), the folder each container image copies into its final stage.
//
// A built folder keeps the repository's layout (packages/shared/src/*.js, subgraphs/<svc>/src/*.js,
// prisma/<svc>/migrations, ...), so every path the code computes from packages/shared/src/paths.ts (migrations,
// supergraph.yaml, the persisted-query manifest) resolves inside it exactly as in the repository, and
// relative imports such as a subgraph's `../../../prisma/<svc>/seed.ts` keep working.
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { repoRoot } from "@shop/shared/paths";
import { parse as parseYaml } from "yaml";
import { ownSubgraphs } from "./services.ts";

export interface ServiceBuild {
  /** The workspace package whose production dependencies the folder gets. */
  pkg: string;
  /** Its folder in the repository. */
  dir: string;
  /** Repository files and folders the running service reads, besides compiled code. */
  assets: string[];
  /** Compiled files or folders (under the compiler's mirror of the repository) besides shared and `dir`/src. */
  compiled: string[];
  /** The port it listens on by convention (supergraph.yaml's routing_url). */
  port: number;
}

const subgraphs = ownSubgraphs();

export const SERVICE_BUILDS: Record<string, ServiceBuild> = {
  ...Object.fromEntries(
    subgraphs.map(({ name, dir, port }): [string, ServiceBuild] => [
      name,
      { pkg: `@shop/${name}-subgraph`, dir, assets: [`${dir}/src/schema.graphql`, `prisma/${name}/migrations`], compiled: [`prisma/${name}/seed.js`], port },
    ]),
  ),
  router: {
    pkg: "@shop/router",
    dir: "router",
    // The router composes supergraph.yaml's subgraph SDLs at start; supergraph.graphql is the committed
    // composition (for `--supergraph <file>` / SUPERGRAPH_FILE once the router loads it directly).
    assets: [
      "supergraph.yaml",
      "supergraph.graphql",
      ...subgraphs.map(({ dir }) => `${dir}/src/schema.graphql`),
      "storefront/persisted-query-manifest.json",
    ],
    compiled: [],
    port: 4000,
  },
};

const BUILD_DIR = path.join(repoRoot, "build");
const COMPILED = path.join(BUILD_DIR, ".tsc");

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: "inherit" });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${result.signal ?? result.status})`);
}

/** Like run, without blocking: the services' `pnpm deploy`s mostly wait on the file system, so they overlap well. */
function runAsync(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repoRoot, stdio: ["ignore", "ignore", "inherit"] });
    child.once("error", reject);
    child.once("exit", (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} failed (${signal ?? code})`)),
    );
  });
}

/** One compilation of shared, every service and the seeds, into build/.tsc (a mirror of the repository). */
function compile(): void {
  rmSync(COMPILED, { recursive: true, force: true });
  run(process.execPath, [path.join(repoRoot, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"]);
}

const readJson = (file: string) => JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
const writeJson = (file: string, value: unknown) => {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
};

/** What `pnpm deploy` reads of the workspace: its settings, the lockfile, the patches it applies and every package's manifest. */
const WORKSPACE_FILES = [".npmrc", "pnpm-workspace.yaml", "pnpm-lock.yaml", "package.json", "patches"];

/**
 * A copy of the workspace's manifests for one `pnpm deploy`. A legacy deploy installs the workspace it runs in
 * with the deploy's settings (with node-linker=hoisted it rewrote the repository's router/node_modules), so it
 * runs in this copy and the repository's own node_modules are never touched.
 */
function workspaceCopy(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  for (const file of [...WORKSPACE_FILES, ...workspacePackages().map((pkg) => `${pkg}/package.json`)]) {
    const from = path.join(repoRoot, file);
    if (existsSync(from)) cpSync(from, path.join(dir, file), { recursive: true });
  }
}

/** The workspace's package folders, from pnpm-workspace.yaml's `packages` (each `<dir>/*` or `<dir>`). */
function workspacePackages(): string[] {
  const { packages } = parseYaml(readFileSync(path.join(repoRoot, "pnpm-workspace.yaml"), "utf8")) as { packages: string[] };
  return packages.flatMap((glob) => {
    if (!glob.endsWith("/*")) return [glob];
    const parent = glob.slice(0, -2);
    return readdirSync(path.join(repoRoot, parent), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(path.join(repoRoot, parent, entry.name, "package.json")))
      .map((entry) => `${parent}/${entry.name}`);
  });
}

/**
 * Production node_modules through `pnpm deploy`: `--legacy` because the workspace does not inject its packages,
 * a hoisted (npm-style) layout so shared's own dependencies resolve from the folder's root, and no automatic
 * peers, which would bring the workspace's `prisma` CLI and `typescript` (optional peers of @prisma/client).
 */
async function installProductionDependencies(build: ServiceBuild, out: string): Promise<void> {
  const workspace = path.join(BUILD_DIR, `.workspace-${path.basename(out)}`);
  const staging = path.join(BUILD_DIR, `.deploy-${path.basename(out)}`);
  workspaceCopy(workspace);
  rmSync(staging, { recursive: true, force: true });
  await runAsync("pnpm", [
    "--dir",
    workspace,
    "--filter",
    build.pkg,
    "deploy",
    "--prod",
    "--legacy",
    "--config.node-linker=hoisted",
    "--config.auto-install-peers=false",
    // Production dependencies need no install scripts, and the workspace's own postinstall (Prisma generate) has
    // nothing to generate in this copy of the manifests: the compiled clients are already in the build.
    "--ignore-scripts",
    staging,
  ]);
  renameSync(path.join(staging, "node_modules"), path.join(out, "node_modules"));
  rmSync(staging, { recursive: true, force: true });
  rmSync(workspace, { recursive: true, force: true });
  // pnpm copied @shop/shared's package (here only its manifest); the compiled package lives at packages/shared,
  // where paths.ts finds the folder's root, so node_modules points there instead.
  const shared = path.join(out, "node_modules/@shop/shared");
  rmSync(shared, { recursive: true, force: true });
  symlinkSync("../../packages/shared", shared, "dir");
}

export async function buildService(name: string): Promise<string> {
  const build = SERVICE_BUILDS[name];
  if (!build) throw new Error(`Unknown service ${name}: one of ${Object.keys(SERVICE_BUILDS).join(", ")}`);
  const out = path.join(BUILD_DIR, name);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const copy = (from: string, to: string) => {
    if (!existsSync(from)) throw new Error(`${path.relative(repoRoot, from)} is missing`);
    cpSync(from, to, { recursive: true });
  };
  for (const item of ["packages/shared/src", `${build.dir}/src`, ...build.compiled]) copy(path.join(COMPILED, item), path.join(out, item));
  for (const item of build.assets) copy(path.join(repoRoot, item), path.join(out, item));

  // Every compiled file is an ES module: each folder's package.json says so.
  writeJson(path.join(out, "package.json"), { name: `shop-${name}-build`, private: true, type: "module" });
  const { devDependencies: _dev, scripts: _scripts, ...pkg } = readJson(path.join(repoRoot, build.dir, "package.json"));
  writeJson(path.join(out, build.dir, "package.json"), pkg);
  // The sources' exports point at .ts files for tsx, vitest and tsc; the built package exports the compiled ones.
  const { devDependencies: _sharedDev, ...shared } = readJson(path.join(repoRoot, "packages/shared/package.json"));
  writeJson(path.join(out, "packages/shared/package.json"), { ...shared, exports: { "./*": "./src/*.js" } });

  // Entry points with one name in every image: `node main.js` serves, `node migrate.js` is the migration job.
  writeFileSync(path.join(out, "main.js"), `// Starts the ${name} service.\nimport "./${build.dir}/src/main.js";\n`);
  if (build.dir.startsWith("subgraphs/")) {
    writeFileSync(path.join(out, "migrate.js"), `// The ${name} migration job.\nimport "./${build.dir}/src/migrate.js";\n`);
  }
  await installProductionDependencies(build, out);
  return out;
}

async function main(): Promise<void> {
  const requested = process.argv.slice(2);
  const names = requested.length ? requested : Object.keys(SERVICE_BUILDS);
  for (const name of names) if (!SERVICE_BUILDS[name]) throw new Error(`Unknown service ${name}: one of ${Object.keys(SERVICE_BUILDS).join(", ")}`);
  const started = Date.now();
  compile();
  const built = await Promise.all(names.map(buildService));
  for (const out of built) console.log(`built ${path.relative(repoRoot, out)}`);
  rmSync(COMPILED, { recursive: true, force: true });
  console.log(`pnpm build: ${names.join(", ")} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
