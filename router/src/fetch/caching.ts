// Serves a query's fetch from the subgraph cache (public responses; see cache/subgraph-cache.ts) and stores what
// the subgraph marked public. The epoch rule: a fetch that began before a purge does not store what it read,
// which may predate the change that caused the purge.
import type { SubgraphCache } from "../cache/subgraph-cache.ts";
import type { Answer, GatewayResponse, Stage } from "./stage.ts";

export function cacheResponses(cache: SubgraphCache): Stage<Answer> {
  return async (request, next) => {
    if (!request.isQuery) return next(request);
    const key = `${request.subgraph}\n${request.body}`;
    const hit = cache.get(request.subgraph, key);
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
      cache.set(key, answer.reply.text, answer.reply.hint, Boolean(answer.response.errors?.length), epoch);
    }
    return answer;
  };
}
