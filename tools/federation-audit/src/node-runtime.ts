// A Node.js able to run the audit's harness (>= 22.15, for its node:test and util APIs): this process's own when it
// is recent enough, else the binary that the npm package node-<platform>-<arch>@24 carries, installed once into the
// audit's cache folder with npm (nothing is downloaded from anywhere but the npm registry).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { npmEnv } from "./suite.ts";

/** The oldest Node.js the harness runs on. */
export const HARNESS_NODE_MIN: readonly [number, number] = [22, 15];
/** The major version installed when this process's Node.js is older. */
export const HARNESS_NODE_MAJOR = 24;

/** Whether a `vX.Y.Z` version is at least `min`. */
export function isAtLeast(version: string, min: readonly [number, number] = HARNESS_NODE_MIN): boolean {
  const [major = 0, minor = 0] = version.replace(/^v/, "").split(".").map(Number);
  return major > min[0] || (major === min[0] && minor >= min[1]);
}

/** The npm package that carries a Node.js binary for this machine (the `node` package's per-platform builds). */
export function binaryPackage(platform: NodeJS.Platform = process.platform, arch: string = process.arch): string {
  if (platform !== "linux" && platform !== "darwin") throw new Error(`no Node.js binary package for ${platform}; run the audit on Node >= 22.15`);
  return `node-${platform}-${arch}`;
}

function versionOf(binary: string): string | undefined {
  const result = spawnSync(binary, ["--version"], { encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** The path of a Node.js binary for the harness; `log` tells what it installs. */
export function harnessNode(cacheDir: string, log: (line: string) => void): string {
  if (isAtLeast(process.version)) return process.execPath;
  const pkg = binaryPackage();
  const prefix = path.join(cacheDir, `node-${HARNESS_NODE_MAJOR}`);
  const binary = path.join(prefix, "node_modules", pkg, "bin", "node");
  const installed = existsSync(binary) ? versionOf(binary) : undefined;
  if (installed && isAtLeast(installed)) return binary;
  log(`Node ${process.version} is older than ${HARNESS_NODE_MIN.join(".")}: installing ${pkg}@${HARNESS_NODE_MAJOR} from npm into ${prefix}`);
  mkdirSync(prefix, { recursive: true });
  const npm = spawnSync(
    "npm",
    ["install", "--prefix", prefix, "--no-save", "--no-package-lock", "--ignore-scripts", "--no-audit", "--no-fund", `${pkg}@${HARNESS_NODE_MAJOR}`],
    { env: npmEnv(), stdio: ["ignore", "inherit", "inherit"] },
  );
  const version = npm.status === 0 && existsSync(binary) ? versionOf(binary) : undefined;
  if (!version || !isAtLeast(version)) throw new Error(`installing ${pkg}@${HARNESS_NODE_MAJOR} gave no usable Node.js at ${binary}`);
  return binary;
}
