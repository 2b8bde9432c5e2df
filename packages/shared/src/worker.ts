// A periodic background task (sweepers, outbox delivery, recovery): runs at start and then every interval,
// never twice at once in one process, logs failures without stopping, and stops cleanly.
import type { Logger } from "./logger.ts";

export interface Worker {
  /** Runs the task now (waits for a run in progress first); tests use it instead of waiting. */
  runNow(): Promise<void>;
  stop(): Promise<void>;
}

export function startWorker(name: string, intervalMs: number, task: () => Promise<void>, logger: Logger, options: { enabled?: () => boolean } = {}): Worker {
  let running: Promise<void> | null = null;
  let stopped = false;
  const run = (): Promise<void> => {
    if (stopped || (options.enabled && !options.enabled())) return Promise.resolve();
    running ??= task()
      .catch((error: unknown) => logger.warn({ err: error, worker: name }, "background task failed; will retry"))
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = setInterval(() => void run(), intervalMs);
  timer.unref();
  setImmediate(() => void run());
  return {
    async runNow() {
      if (running) await running;
      await run();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (running) await running;
    },
  };
}
