// Processes of `pnpm test:hosts`, each started inside its host's network namespace (`ip netns exec` execs the
// command itself, so the child's pid is the service's), with its output kept for the failure report, and stopped
// with SIGTERM, then SIGKILL.
import { type ChildProcess, spawn } from "node:child_process";
import { repoRoot } from "@shop/shared/paths";
import { eventually } from "@shop/shared/testing";

export interface HostProcess {
  name: string;
  child: ChildProcess;
  exited(): boolean;
  /** The last lines it printed. */
  output(): string;
  stop(): Promise<void>;
}

const KEEP_LINES = 60;

export function spawnInNamespace(name: string, namespace: string, command: string[], env: NodeJS.ProcessEnv): HostProcess {
  const child = spawn("ip", ["netns", "exec", namespace, ...command], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString().split("\n").filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - KEEP_LINES));
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  let exited = false;
  child.once("exit", () => {
    exited = true;
  });
  return {
    name,
    child,
    exited: () => exited || child.exitCode !== null || child.signalCode !== null,
    output: () => lines.map((line) => `  ${name} | ${line}`).join("\n"),
    async stop() {
      if (exited || child.exitCode !== null || child.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        const kill = setTimeout(() => child.kill("SIGKILL"), 10_000);
        child.once("exit", () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill("SIGTERM");
      });
    },
  };
}

/** Starts a service with `node --import tsx <entry>` in its namespace. */
export function startService(name: string, namespace: string, entry: string, env: NodeJS.ProcessEnv): HostProcess {
  return spawnInNamespace(name, namespace, [process.execPath, "--import", "tsx", entry], env);
}

/** Polls `url` until it answers 2xx; fails early when `process` exits, and after `timeoutMs`. */
export async function waitUntilReady(service: HostProcess, url: string, timeoutMs: number): Promise<void> {
  const ready = async () => {
    if (service.exited()) throw new Error(`${service.name} exited before it was ready:\n${service.output()}`);
    return fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
      (response) => response.ok,
      () => false, // not listening yet
    );
  };
  await eventually(ready, {
    timeoutMs,
    intervalMs: 250,
    message: () => `${service.name} was not ready at ${url} within ${timeoutMs / 1000}s:\n${service.output()}`,
  });
}
