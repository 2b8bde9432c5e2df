// Whole-response cache for anonymous public queries (Apollo's response cache plugin): a hit skips planning and
// every subgraph fetch. Keyed by the operation, its variables and the subgraph cache's generation, so a purge
// after a change feed's report makes every older entry unreachable; off while a feed is silent.
import type { ApolloServerPlugin } from "@apollo/server";
import responseCachePlugin from "@apollo/server-plugin-response-cache";
import { InMemoryLRUCache } from "@apollo/utils.keyvaluecache";
import type { Counter } from "prom-client";
import { AdaptiveGate } from "../cache/adaptive.ts";
import type { RouterCaching } from "../cache/caching.ts";
import type { RouterContext } from "../context.ts";

export function wholeResponseCache(caching: RouterCaching, maxBytes: number, lookups: Counter<"result">): ApolloServerPlugin<RouterContext>[] {
  // Only anonymous callers. Without a sessionId hook the plugin never stores a PRIVATE policy either, and
  // signed-in callers' public fetches are still served by the subgraph cache.
  const eligible = (userId: string | null) => userId === null && caching.invalidation.healthy();
  // Anonymous queries that keep missing (each one different) turn the plugin off for a while (cache/adaptive.ts).
  const gate = new AdaptiveGate(caching.adaptive);
  const plugin = responseCachePlugin<RouterContext>({
    cache: new InMemoryLRUCache<string>({ maxSize: maxBytes }),
    // The generation when the request started: an entry written after a purge by a request that began
    // before it lands under the old generation, where nobody looks.
    extraCacheKeyData: async () => caching.cache.epoch,
    shouldReadFromCache: async ({ contextValue }) => eligible(contextValue.userId),
    shouldWriteToCache: async ({ contextValue }) => eligible(contextValue.userId),
  });
  // Signed-in callers never use it: they skip its hooks (a key built from the variables, a cache wrapper, four
  // awaits per request), as do anonymous ones while it is off.
  // Signed-in callers never use it: they skip its hooks (a key built from the variables, a cache wrapper, four
  // awaits per request), as do anonymous ones while it is off.
  const gated: ApolloServerPlugin<RouterContext> = {
    async requestDidStart(requestContext) {
      if (requestContext.contextValue.userId !== null || !gate.use()) return undefined;
      const hooks = await plugin.requestDidStart?.(requestContext);
      return {
        ...hooks,
        async willSendResponse(context) {
          await hooks?.willSendResponse?.(context);
          if (context.operation?.operation !== "query") return;
          const hit = Boolean(context.metrics.responseCacheHit);
          const healthy = caching.invalidation.healthy();
          if (healthy) gate.record(hit);
          lookups.inc({ result: hit ? "hit" : healthy ? "miss" : "bypass" });
        },
      };
    },
  };
  return [gated];
}
