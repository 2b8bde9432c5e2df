// The bench's side of the load generator: forks load-worker.ts once, sends it one job at a time, and reads
// the CPU counters of the measured processes exactly when the load starts and when it ends.
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { LoadJob, LoadResult, WorkerMessage } from "./load-worker.ts";
import { type CpuTicks, cpuMsBetween, readCpuTicks } from "./proc-stat.ts";

export type { LoadJob, LoadResult };

export interface MeasuredLoad extends LoadResult {
  /** CPU milliseconds each measured process spent during the load, by the name it was given. */
  cpuMs: Record<string, number>;
}

export class LoadGenerator {
  private readonly child: ChildProcess;

  constructor() {
    this.child = fork(fileURLToPath(new URL("./load-worker.ts", import.meta.url)), {
      execArgv: ["--import", "tsx"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
  }

  /** Runs one load; `measured` maps a name to the pid whose CPU time is read around it. */
  run(job: LoadJob, measured: Record<string, number>): Promise<MeasuredLoad> {
    return new Promise((resolve, reject) => {
      let before: Record<string, CpuTicks> | undefined;
      const read = () => Object.fromEntries(Object.entries(measured).map(([name, pid]) => [name, readCpuTicks(pid)]));
      const onExit = (code: number | null) => finish(() => reject(new Error(`the load generator exited (${code})`)));
      const onMessage = (message: WorkerMessage) => {
        if (message.type === "started") {
          before = read();
          return;
        }
        if (message.type === "failed") return finish(() => reject(new Error(`autocannon failed: ${message.message}`)));
        const after = read();
        const cpuMs = Object.fromEntries(Object.keys(measured).map((name) => [name, cpuMsBetween(before![name]!, after[name]!)]));
        finish(() => resolve({ ...message.result, cpuMs }));
      };
      const finish = (settle: () => void) => {
        this.child.off("message", onMessage);
        this.child.off("exit", onExit);
        settle();
      };
      this.child.on("message", onMessage);
      this.child.once("exit", onExit);
      this.child.send(job);
    });
  }

  stop(): void {
    if (this.child.connected) this.child.disconnect();
    this.child.kill("SIGTERM");
  }
}
