// The load generator, in its own process so that its CPU never counts against a gateway: runs autocannon
// for each job the bench sends over IPC and answers with the figures. It says "started" just before the
// load begins, so that the bench reads the gateway's CPU counters around the load and nothing else.
import autocannon from "autocannon";

export interface LoadJob {
  url: string;
  body: string;
  headers: Record<string, string>;
  connections: number;
  durationSeconds: number;
  /** Every response body must be exactly this (a fast wrong answer is not a result). */
  expectBody: string;
}

export interface LoadResult {
  /** Completed requests (any status). */
  requests: number;
  ok: number;
  durationSeconds: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  mismatches: number;
  /** One mismatched body, to show what went wrong. */
  mismatchSample?: string;
}

export type WorkerMessage = { type: "started" } | { type: "done"; result: LoadResult } | { type: "failed"; message: string };

function send(message: WorkerMessage): void {
  process.send!(message);
}

async function run(job: LoadJob): Promise<LoadResult> {
  let mismatchSample: string | undefined;
  send({ type: "started" });
  const instance = autocannon({
    url: job.url,
    method: "POST",
    headers: { "content-type": "application/json", ...job.headers },
    body: job.body,
    connections: job.connections,
    duration: job.durationSeconds,
    // A plain string comparison per response; the first body that differs is kept to show what went wrong.
    verifyBody: (body) => {
      if (body === job.expectBody) return true;
      mismatchSample ??= String(body).slice(0, 500);
      return false;
    },
  });
  const result = await instance;
  const ok = result.statusCodeStats?.["200"]?.count ?? 0;
  return {
    requests: result.requests.total,
    ok: Number(ok),
    durationSeconds: result.duration,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    mismatches: result.mismatches,
    ...(mismatchSample === undefined ? {} : { mismatchSample }),
  };
}

// Jobs arrive one at a time; the bench waits for each answer before sending the next.
process.on("message", (job: LoadJob) => {
  run(job).then(
    (result) => send({ type: "done", result }),
    (error: Error) => send({ type: "failed", message: error.message }),
  );
});
process.on("disconnect", () => process.exit(0));
