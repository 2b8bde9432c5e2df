// Retries a query's fetch that failed to connect, a few times with a growing pause. Only queries (a mutation's
// fetch may have had effects) and only connection errors: a timeout is not retried, the subgraph may still be
// working on the first attempt.
import { setTimeout as delay } from "node:timers/promises";
import type { Counter } from "prom-client";
import type { Reply, Stage } from "./stage.ts";

const CONNECTION_ERRORS = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "UND_ERR_CONNECT_TIMEOUT"]);

/** True when the request never reached the subgraph or the connection broke (the code may sit on a cause). */
export function isConnectionError(error: unknown): boolean {
  for (let current = error, depth = 0; current && typeof current === "object" && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && CONNECTION_ERRORS.has(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

export interface RetryOptions {
  /** Extra attempts after the first. */
  retries: number;
  /** The pause before the n-th retry is n times this. */
  delayMs: number;
  retried: Counter<"subgraph">;
}

export function retryConnectionErrors({ retries, delayMs, retried }: RetryOptions): Stage<Reply> {
  return async (request, next) => {
    for (;;) {
      try {
        return await next(request);
      } catch (error) {
        if (!request.isQuery || request.attempts > retries || !isConnectionError(error)) throw error;
        retried.inc({ subgraph: request.subgraph });
        await delay(delayMs * request.attempts);
      }
    }
  };
}
