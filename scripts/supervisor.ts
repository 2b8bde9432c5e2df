// `pnpm start`'s supervision: runs each service as a child process with its output labelled, tells when it is ready,
// restarts one that exits (after a growing delay, while the others keep serving), gives up on one that keeps failing
// before it is ready (a bad setting, a broken database) naming it and its last output, and stops them all in order.
import type { ChildProcess } from "node:child_process";
import { hasExited, onLines, spawnEntry, stopChild } from "@shop/shared/child-process";
import type { ServiceSpec } from "./services.ts";

export interface SupervisedService extends ServiceSpec {
  env: NodeJS.ProcessEnv;
  /**
   * Polled in order until each answers 2xx: the service is ready. A service's /health before its /ready: a
   * readiness probe that fails is worth a warning in the service's log, a process still starting is not.
   */
  readyUrls: string[];
  /** Stopped before the services of lower stages (the router before the subgraphs it calls). */
  stage: number;
  /** The entry bundled to JavaScript, run instead of the entry with tsx. */
  bundle?: string;
}

export interface SupervisorOptions {
  /** Prints one console line. */
  print: (line: string) => void;
  colors: boolean;
  /** A service failed to start START_ATTEMPTS times in a row (already reported): the caller stops everything. */
  onGiveUp: (name: string) => void;
  /** How long a (re)started service may take to become ready before it counts as failed. */
  readyTimeoutMs: number;
}

/** Consecutive failures before ready after which a service is given up. */
export const START_ATTEMPTS = 3;
/** Delay before the nth consecutive restart; a service that ran a minute starts again from the first. */
const RESTART_DELAYS_MS = [1_000, 2_000, 5_000, 10_000, 30_000];
const STABLE_AFTER_MS = 60_000;
const KEEP_LINES = 15;
const COLORS = [36, 33, 35, 32, 34, 31];

interface Managed {
  service: SupervisedService;
  label: string;
  child?: ChildProcess;
  startedAt: number;
  ready: boolean;
  /** Exits before being ready, in a row. */
  startFailures: number;
  /** Exits within STABLE_AFTER_MS of starting, in a row: picks the restart delay. */
  quickExits: number;
  restarts: number;
  tail: string[];
  timer?: NodeJS.Timeout;
  firstReady: { promise: Promise<void>; resolve: () => void; reject: (error: Error) => void };
}

export class Supervisor {
  private readonly managed: Managed[] = [];
  private stopping = false;

  constructor(private readonly options: SupervisorOptions) {}

  /** Starts a service; resolves once it is first ready, rejects if it is given up or everything stops first. */
  start(service: SupervisedService): Promise<void> {
    let resolve!: () => void;
    let reject!: (error: Error) => void;
    const promise = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    promise.catch(() => {}); // a caller that stopped waiting must not see an unhandled rejection
    const color = COLORS[this.managed.length % COLORS.length];
    const name = service.name.padEnd(10);
    const label = this.options.colors ? `\x1b[${color}m${name}\x1b[0m│` : `${name}│`;
    const managed: Managed = { service, label, startedAt: 0, ready: false, startFailures: 0, quickExits: 0, restarts: 0, tail: [], firstReady: { promise, resolve, reject } };
    this.managed.push(managed);
    this.spawn(managed);
    return promise;
  }

  /** Prints a line of the supervisor's own, labelled like a service's. */
  say(line: string): void {
    this.options.print(`${this.options.colors ? "\x1b[1mstart     \x1b[0m" : "start     "}│ ${line}`);
  }

  /** Stops every service, the highest stage first, each stage's services together. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const managed of this.managed) {
      clearTimeout(managed.timer);
      managed.firstReady.reject(new Error("stopped"));
    }
    const stages = [...new Set(this.managed.map((m) => m.service.stage))].sort((a, b) => b - a);
    for (const stage of stages) {
      const children = this.managed.filter((m) => m.service.stage === stage && m.child).map((m) => m.child!);
      await Promise.all(children.map((child) => stopChild(child)));
    }
  }

  /** Forces every child down at once (a second Ctrl-C). */
  kill(): void {
    for (const managed of this.managed) if (managed.child && !hasExited(managed.child)) managed.child.kill("SIGKILL");
  }

  private spawn(managed: Managed): void {
    const { service } = managed;
    const child = spawnEntry(service.entry, { ...service.env, PORT: String(service.port) }, { supervised: true, bundle: service.bundle });
    managed.child = child;
    managed.startedAt = Date.now();
    managed.ready = false;
    onLines(child, (line) => {
      managed.tail.push(line);
      managed.tail.splice(0, Math.max(0, managed.tail.length - KEEP_LINES));
      this.options.print(`${managed.label} ${line}`);
    });
    child.once("exit", (code, signal) => this.exited(managed, child, signal ?? `code ${code}`));
    void this.watchReady(managed, child);
  }

  private async watchReady(managed: Managed, child: ChildProcess): Promise<void> {
    const deadline = Date.now() + this.options.readyTimeoutMs;
    while (!this.stopping && !hasExited(child)) {
      if (Date.now() > deadline) {
        this.say(`${managed.service.name} was not ready within ${this.options.readyTimeoutMs / 1000} s: stopping it`);
        await stopChild(child);
        return;
      }
      try {
        if ((await answersAll(managed.service.readyUrls)) && !hasExited(child)) {
          managed.ready = true;
          managed.startFailures = 0;
          if (managed.restarts > 0) this.say(`${managed.service.name} is ready again`);
          managed.firstReady.resolve();
          return;
        }
      } catch {
        /* not listening yet */
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  private exited(managed: Managed, child: ChildProcess, how: string): void {
    if (this.stopping || managed.child !== child) return;
    const { name } = managed.service;
    managed.quickExits = Date.now() - managed.startedAt < STABLE_AFTER_MS ? managed.quickExits + 1 : 1;
    if (!managed.ready) managed.startFailures++;
    if (managed.startFailures >= START_ATTEMPTS) {
      this.say(`${name} failed to start ${managed.startFailures} times in a row (last: ${how}); giving up. Its last output:`);
      for (const line of managed.tail) this.options.print(`${managed.label} ${line}`);
      managed.firstReady.reject(new Error(`${name} failed to start`));
      this.options.onGiveUp(name);
      return;
    }
    const delay = RESTART_DELAYS_MS[Math.min(managed.quickExits, RESTART_DELAYS_MS.length) - 1]!;
    const others = this.managed.length > 1 ? ", the others keep serving" : "";
    this.say(`${name} exited (${how}); restarting it in ${delay / 1000} s${others}`);
    managed.timer = setTimeout(() => {
      managed.restarts++;
      this.spawn(managed);
    }, delay);
  }
}

async function answersAll(urls: string[]): Promise<boolean> {
  for (const url of urls) {
    const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    if (!response.ok) return false;
  }
  return true;
}
