// Serves a query's fetch from the subgraph cache (public responses; see cache/subgraph-cache.ts) and stores what
// the subgraph marked public. The epoch rule: a fetch that began before a purge does not store what it read,
// which may predate the change that caused the purge. Per subgraph, a cache that answers (almost) nothing turns
// itself off (cache/adaptive.ts): a subgraph that answers every caller privately (orders for many distinct
// shoppers) is then neither looked up nor stored, while products' public answers keep caching.
import { AdaptiveGate } from "../cache/adaptive.ts";
import { entityReadsOf } from "../cache/entity-reads.ts";
import type { SubgraphCache } from "../cache/subgraph-cache.ts";
import type { Answer, GatewayResponse, Stage } from "./stage.ts";

/** `gate` decides per fetch of this subgraph whether the cache is used (default: always). */
export function cacheResponses(cache: SubgraphCache, gate = new AdaptiveGate({ window: 0, minHitRate: 0, probeAfter: 0 })): Stage<Answer> {
  return async (request, next) => {
    if (!request.isQuery || !gate.use()) return next(request);
    const key = `${request.subgraph}\n${request.body}`;
    const hit = cache.get(request.subgraph, key);
    // A bypass (the feeds are silent) says nothing about whether the cache would answer.
    if (cache.available) gate.record(hit !== undefined);
    if (hit) {
      request.source = "cache";
      return {
        response: JSON.parse(hit.body) as GatewayResponse,
        reply: { text: hit.body, hint: { maxAge: hit.maxAge, scope: "PUBLIC" }, attempts: 0 },
      };
    }
    const epoch = cache.epoch;
    const answer = await next(request);
    // A shared reply is stored by the fetch that made it.
    if (answer.reply && request.source === "network") {
      const { query, variables } = request.operation;
      cache.set(key, answer.reply.text, answer.reply.hint, Boolean(answer.response.errors?.length), epoch, () => entityReadsOf(query, variables));
    }
    return answer;
  };
}
