// Service processes started by `pnpm start`, the bench and the tests: `node --import tsx <entry>` from the repository
// root, its output as lines, and a stop that asks (SIGTERM) before it forces (SIGKILL).
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { repoRoot } from "./paths.ts";

export interface SpawnEntryOptions {
  /** Extra node flags (e.g. --cpu-prof). */
  nodeArgs?: string[];
  /**
   * Supervised: an IPC channel, which the child's stopOnSignals watches to stop when its supervisor is gone (even
   * SIGKILLed), and its own process group, so a terminal's Ctrl-C reaches the supervisor alone, which stops the
   * children in order.
   */
  supervised?: boolean;
  /** The entry bundled to JavaScript (`pnpm start`'s start-bundles.ts): run that with plain node instead of tsx. */
  bundle?: string;
}

/** Starts `node --import tsx <entry>` (a path from the repository root), or its bundle, with exactly `env`. */
export function spawnEntry(entry: string, env: NodeJS.ProcessEnv, options: SpawnEntryOptions = {}): ChildProcess {
  const run = options.bundle ? ["--enable-source-maps", options.bundle] : ["--import", "tsx", path.resolve(repoRoot, entry)];
  return spawn(process.execPath, [...(options.nodeArgs ?? []), ...run], {
    cwd: repoRoot,
    env,
    stdio: options.supervised ? ["ignore", "pipe", "pipe", "ipc"] : ["ignore", "pipe", "pipe"],
    detached: options.supervised ?? false,
  });
}

/** Calls `onLine` for every line the child prints on stdout or stderr. */
export function onLines(child: ChildProcess, onLine: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on("line", onLine);
  }
}

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/**
 * Resolves when the child has exited and its last output has been read ('close'), or a second after its exit if
 * a grandchild still holds its pipes open.
 */
export function exitOf(child: ChildProcess): Promise<void> {
  const drained = [child.stdout, child.stderr].every((stream) => !stream || stream.destroyed);
  if (hasExited(child) && drained) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("close", () => resolve());
    const afterExit = () => setTimeout(resolve, 1_000);
    if (hasExited(child)) afterExit();
    else child.once("exit", afterExit);
  });
}

/** Stops a child: SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (hasExited(child)) return;
  const kill = setTimeout(() => child.kill("SIGKILL"), graceMs);
  child.kill("SIGTERM");
  await exitOf(child);
  clearTimeout(kill);
}
