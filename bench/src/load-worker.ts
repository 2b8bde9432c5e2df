// The load generator, in its own process so that its CPU never counts against a gateway: runs autocannon
// for each job the bench sends over IPC and answers with the figures. It says "started" just before the
// load begins, so that the bench reads the gateway's CPU counters around the load and nothing else.
// Every answer is checked: a fixed operation's body must equal the recorded one byte for byte; the checkout
// chain's answers are checked step by step (checkout.ts).
import autocannon from "autocannon";
import { checkStep, SEQUENCE, stepBody } from "./checkout.ts";

export interface LoadJob {
  url: string;
  headers: Record<string, string>;
  connections: number;
  durationSeconds: number;
  /** A fixed operation and the exact body every answer must be; absent for the checkout chain. */
  fixed?: { body: string; expectBody: string };
  /** A fixed operation sent under each shopper's token in turn; each answer must be that shopper's exact body. */
  rotating?: { body: string; shoppers: Array<{ authorization: string; expectBody: string }> };
}

export interface LoadResult {
  /** Completed requests (any status). */
  requests: number;
  /** Requests sent, including those still in flight when the load stopped. */
  sent: number;
  ok: number;
  durationSeconds: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** 200 answers that were wrong (another body, GraphQL errors, a checkout step that did not do its job). */
  mismatches: number;
  /** One wrong answer, to show what went wrong. */
  mismatchSample?: string;
}

export type WorkerMessage = { type: "started" } | { type: "done"; result: LoadResult } | { type: "failed"; message: string };

function send(message: WorkerMessage): void {
  process.send!(message);
}

interface ChainContext {
  orderId?: string;
  /** The shopper the connection's request in flight was sent for (rotating jobs). */
  shopper?: number;
}

async function run(job: LoadJob): Promise<LoadResult> {
  let mismatchSample: string | undefined;
  let wrong = 0;
  const fixed = job.fixed;
  const rotating = job.rotating;
  // Shoppers in turn across all connections: every request is another shopper's until the list wraps around.
  let nextShopper = 0;
  const requests = fixed
    ? undefined
    : rotating
      ? [
          {
            method: "POST" as const,
            body: rotating.body,
            setupRequest: (request: autocannon.Request, context: ChainContext) => {
              context.shopper = nextShopper++ % rotating.shoppers.length;
              return { ...request, headers: { ...request.headers, authorization: rotating.shoppers[context.shopper]!.authorization } };
            },
            onResponse: (status: number, body: string, context: ChainContext) => {
              if (status !== 200 || body === rotating.shoppers[context.shopper!]!.expectBody) return;
              wrong++;
              mismatchSample ??= `shopper ${context.shopper}: ${String(body).slice(0, 500)}`;
            },
          },
        ]
      : SEQUENCE.map((step) => ({
        method: "POST" as const,
        setupRequest: (request: autocannon.Request, context: ChainContext) => ({ ...request, body: stepBody(step, context.orderId) }),
        onResponse: (status: number, body: string, context: ChainContext) => {
          try {
            context.orderId = checkStep(step, status, body, context.orderId);
          } catch (error) {
            // Only 200s count here: autocannon counts the others as non-2xx already.
            if (status === 200) wrong++;
            mismatchSample ??= `${(error as Error).message}: ${String(body).slice(0, 300)}`;
            context.orderId = undefined;
          }
        },
      }));
  send({ type: "started" });
  const instance = autocannon({
    url: job.url,
    method: "POST",
    headers: { "content-type": "application/json", ...job.headers },
    connections: job.connections,
    duration: job.durationSeconds,
    ...(fixed
      ? {
          body: fixed.body,
          // A plain string comparison per response; the first body that differs is kept to show what went wrong.
          verifyBody: (body: string | Buffer | undefined) => {
            if (body === fixed.expectBody) return true;
            mismatchSample ??= String(body).slice(0, 500);
            return false;
          },
        }
      : { requests: requests as autocannon.Request[] }),
  });
  const result = await instance;
  const ok = result.statusCodeStats?.["200"]?.count ?? 0;
  return {
    requests: result.requests.total,
    sent: result.requests.sent,
    ok: Number(ok),
    durationSeconds: result.duration,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    mismatches: fixed ? result.mismatches : wrong,
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
