// The child processes of a bench run: spawn with prefixed output, wait until they answer, find free ports,
// and stop every one of them at the end, on an error, or on Ctrl-C.
import type { ChildProcess } from "node:child_process";
import { onLines, spawnEntry, stopChild } from "@shop/shared/child-process";
import { eventually } from "@shop/shared/testing";

export interface Service {
  name: string;
  child: ChildProcess;
  pid: number;
  /** The last lines it printed, shown when it dies. */
  tail: string[];
  /** The bench cannot go on without it: its unexpected exit stops everything (a gateway becomes critical once up). */
  critical: boolean;
}

const running = new Set<Service>();
let stopping = false;

export interface SpawnOptions {
  /** Print its output as it comes (otherwise only its last lines when it fails). */
  verbose: boolean;
  /** The bench cannot go on without it: its unexpected exit stops everything. */
  critical: boolean;
  /** Extra node flags (e.g. --cpu-prof). */
  nodeArgs?: string[];
}

/** Starts `node --import tsx <entry>` from the repository root with exactly `env` (plus PATH and HOME). */
export function spawnService(name: string, entry: string, env: Record<string, string>, options: SpawnOptions): Service {
  const child = spawnEntry(entry, { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env }, { nodeArgs: options.nodeArgs });
  if (child.pid === undefined) throw new Error(`could not start ${name}`);
  const service: Service = { name, child, pid: child.pid, tail: [], critical: options.critical };
  onLines(child, (line) => {
    service.tail.push(line);
    if (service.tail.length > 20) service.tail.shift();
    if (options.verbose) console.error(`  ${name.padEnd(12)}| ${line}`);
  });
  child.on("exit", (code, signal) => {
    const expected = !running.delete(service);
    if (!stopping && !expected && service.critical) {
      console.error(`\n${name} exited unexpectedly (${signal ?? code}); its last output:\n  ${service.tail.join("\n  ")}`);
      void stopAll().finally(() => process.exit(1));
    }
  });
  running.add(service);
  return service;
}

/** Stops one service: SIGTERM, then SIGKILL if it has not exited within 5 s. */
export function stopService(service: Service): Promise<void> {
  running.delete(service); // its exit is expected from now on
  return stopChild(service.child, 5_000);
}

const cleanups: Array<() => void | Promise<void>> = [];
/** Runs after every child has stopped (e.g. removing the temporary databases). */
export function onCleanup(cleanup: () => void | Promise<void>): void {
  cleanups.push(cleanup);
}

let stopped: Promise<void> | undefined;
/** Stops every child and runs the cleanups; every caller gets the same promise. */
export function stopAll(): Promise<void> {
  stopping = true;
  stopped ??= (async () => {
    await Promise.all([...running].map(stopService));
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        console.error(`cleanup failed: ${(error as Error).message}`);
      }
    }
  })();
  return stopped;
}

export function stopAllOnSignals(): void {
  // Last resort when the bench dies without stopping them (an uncaught error): no child outlives it.
  process.on("exit", () => {
    for (const service of running) service.child.kill("SIGKILL");
  });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping every process of the bench`);
      void stopAll().finally(() => process.exit(130));
    });
  }
}

export { freePort } from "@shop/shared/testing";

/** Polls `probe` until it resolves true, failing after `timeoutMs` or when the service dies. */
export async function waitUntil(service: Service, probe: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const ready = async () => {
    if (!running.has(service)) throw new Error(`${service.name} exited before it was ready:\n  ${service.tail.join("\n  ")}`);
    try {
      return await probe();
    } catch {
      return false; // not listening yet
    }
  };
  await eventually(ready, {
    timeoutMs,
    intervalMs: 250,
    message: () => `${service.name} was not ready within ${timeoutMs / 1000} s:\n  ${service.tail.join("\n  ")}`,
  });
}

/** True once the bench has begun stopping everything (after a signal, an error, or at the end). */
export function isStopping(): boolean {
  return stopping;
}
