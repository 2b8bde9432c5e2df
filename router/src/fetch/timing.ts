// Times each fetch: the subgraph_fetch_duration_seconds histogram for fetches sent (not those served from the
// cache or shared), and one record per fetch on the request's context for its log line.
import type { Histogram } from "prom-client";
import type { SubgraphFetch } from "../context.ts";
import type { Answer, Stage } from "./stage.ts";

export function timeFetches(durations: Histogram<"subgraph" | "outcome">): Stage<Answer> {
  return async (request, next) => {
    const started = performance.now();
    let ok = false;
    let attempts = 0;
    try {
      const answer = await next(request);
      ok = true;
      attempts = answer.reply?.attempts ?? 0;
      return answer;
    } finally {
      const { subgraph, source } = request;
      const durationMs = source === "cache" ? 0 : performance.now() - started;
      if (source === "network") durations.observe({ subgraph, outcome: ok ? "ok" : "error" }, durationMs / 1000);
      const fetches = request.incoming?.context.subgraphFetches;
      if (fetches) {
        // A failed fetch has no reply: its attempts are the ones this request made (none when it was shared).
        const record: SubgraphFetch = { subgraph, durationMs: Math.round(durationMs * 10) / 10, ok, attempts: ok ? attempts : request.attempts };
        if (source !== "network") record.source = source;
        fetches.push(record);
      }
    }
  };
}
