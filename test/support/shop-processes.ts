// The shop as `pnpm start` runs it, for the tests that kill processes: each subgraph's and the router's entry as its
// own process (scripts/services.ts, the launcher's list) on free ports, each subgraph on its own database; any of
// them SIGKILLed and started again at will, with every line they printed kept for the failure report.
import type { ChildProcess } from "node:child_process";
import { exitOf, hasExited, onLines, spawnEntry, stopChild } from "@shop/shared/child-process";
import { eventually, freePort, testEnv } from "@shop/shared/testing";
import { routerSpec, type ServiceSpec, subgraphSpecs, subgraphUrls } from "../../scripts/services.ts";
import type { ServiceName, TestDatabases } from "./databases.ts";

export type ProcessName = ServiceName | "router";

interface Running {
  spec: ServiceSpec;
  env: NodeJS.ProcessEnv;
  child?: ChildProcess;
  /** Log lines (JSON) of the current process, for milestones. */
  lines: string[];
}

export interface ShopProcesses {
  /** The router's GraphQL endpoint. */
  url: string;
  start(names: readonly ProcessName[]): void;
  running(name: ProcessName): boolean;
  /** SIGKILLs them (as a closed terminal, the OOM killer or a power cut would) and waits until they are gone. */
  kill(names: readonly ProcessName[]): Promise<void>;
  stop(): Promise<void>;
  waitReady(names: readonly ProcessName[], timeoutMs?: number): Promise<void>;
  /** Resolves once one of `names` has logged `message` (pino's msg) since it was last started. */
  logged(names: readonly ProcessName[], message: string, timeoutMs?: number): Promise<void>;
  /** Everything every process printed, for a failure message. */
  transcript(): string;
}

/** `env` goes to every process (LOG_LEVEL, worker intervals...); each subgraph gets its database from `databases`. */
export async function shopProcesses(databases: TestDatabases, env: Record<string, string> = {}): Promise<ShopProcesses> {
  const ports: Record<string, string> = {};
  for (const name of ["USERS", "PRODUCTS", "ORDERS", "PAYMENTS", "ROUTER"]) ports[`${name}_PORT`] = String(await freePort());
  const subgraphs = subgraphSpecs(ports);
  const router = routerSpec(ports);
  const urls = subgraphUrls(subgraphs);
  const base = { PATH: process.env.PATH, HOME: process.env.HOME, ...testEnv({ SEED: "auto", LOG_LEVEL: "info", LOG_FORMAT: "json", ...env }) };
  const transcript: string[] = [];
  const running = new Map<ProcessName, Running>([
    ...subgraphs.map((spec): [ProcessName, Running] => [
      spec.name as ServiceName,
      { spec, env: { ...base, DATABASE_URL: databases.urls[spec.name as ServiceName], ...urls }, lines: [] },
    ]),
    ["router", { spec: router, env: { ...base, ...urls }, lines: [] }],
  ]);
  const get = (name: ProcessName) => running.get(name)!;
  const ready = async (name: ProcessName) => {
    const { child, spec } = get(name);
    if (!child || hasExited(child)) throw new Error(`${name} exited before it was ready:\n${tail(name)}`);
    return fetch(`http://127.0.0.1:${spec.port}/ready`, { signal: AbortSignal.timeout(2_000) }).then(
      (response) => response.ok,
      () => false,
    );
  };
  const tail = (name: ProcessName) => get(name).lines.slice(-15).map((line) => `  ${name} | ${line}`).join("\n");

  return {
    url: `http://127.0.0.1:${router.port}/graphql`,
    start(names) {
      for (const name of names) {
        const process = get(name);
        if (process.child && !hasExited(process.child)) throw new Error(`${name} is already running`);
        process.lines = [];
        process.child = spawnEntry(process.spec.entry, { ...process.env, PORT: String(process.spec.port) });
        onLines(process.child, (line) => {
          process.lines.push(line);
          transcript.push(`${name} | ${line}`);
        });
      }
    },
    running: (name) => Boolean(get(name).child && !hasExited(get(name).child!)),
    async kill(names) {
      await Promise.all(
        names.map(async (name) => {
          const { child } = get(name);
          if (!child || hasExited(child)) return;
          child.kill("SIGKILL");
          await exitOf(child);
          transcript.push(`${name} | -- SIGKILL --`);
        }),
      );
    },
    async stop() {
      await Promise.all([...running.values()].map(({ child }) => child && stopChild(child)));
    },
    async waitReady(names, timeoutMs = 180_000) {
      await Promise.all(
        names.map((name) =>
          eventually(() => ready(name), { timeoutMs, intervalMs: 200, message: () => `${name} was not ready within ${timeoutMs / 1000} s:\n${tail(name)}` }),
        ),
      );
    },
    async logged(names, message, timeoutMs = 180_000) {
      const seen = () => names.some((name) => get(name).lines.some((line) => line.includes(`"msg":${JSON.stringify(message)}`)));
      await eventually(async () => seen(), { timeoutMs, intervalMs: 50, message: () => `none of ${names.join(", ")} logged "${message}"` });
    },
    transcript: () => transcript.join("\n"),
  };
}
