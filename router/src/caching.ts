// Assembles the router's caching (RESPONSE_CACHE): the public subgraph-response cache and the product change
// feed that purges it; absent when RESPONSE_CACHE=false.
import type { Logger } from "@shop/shared/logger";
import type { Agent } from "undici";
import type { RouterConfig } from "./config.ts";
import { SubgraphCache } from "./cache/subgraph-cache.ts";
import type { RouterMetrics } from "./metrics.ts";
import { ProductChangeFeed } from "./product-change-feed.ts";

/** The subgraph whose change feed drives invalidation. */
export const FEED_SUBGRAPH = "products";

export interface RouterCaching {
  cache: SubgraphCache;
  feed: ProductChangeFeed;
  /** Share identical in-flight query fetches of one caller (SUBGRAPH_DEDUPE). */
  dedupe: boolean;
}

export function createCaching(
  config: RouterConfig,
  deps: { agent: Agent; metrics: RouterMetrics; logger: Logger; subgraphUrl: (name: string) => string | undefined },
): RouterCaching | undefined {
  if (!config.RESPONSE_CACHE) return undefined;
  const { metrics } = deps;
  // Each replica keeps its own cache: safe because every replica polls the same feed, so a change reaches
  // all of them within the staleness bound, and nothing user-specific is ever stored.
  let feed: ProductChangeFeed | undefined;
  const cache = new SubgraphCache(config.RESPONSE_CACHE_MAX_ENTRIES, { lookups: metrics.cacheLookups, purges: metrics.cachePurges }, () => feed!.healthy());
  feed = new ProductChangeFeed({
    // Only our own products service has the feed (and may get our credential): in front of a foreign
    // supergraph the feed never answers and the cache stays off, failing safe.
    url: () => (config.ownSubgraphs.has(FEED_SUBGRAPH) ? deps.subgraphUrl(FEED_SUBGRAPH) : undefined),
    subgraphSecret: config.subgraphSecret,
    dispatcher: deps.agent,
    pollMs: config.CACHE_FEED_POLL_MS,
    maxStalenessMs: config.CACHE_MAX_STALENESS_MS,
    purge: (reason) => cache.purge(reason),
    polls: metrics.cacheFeedPolls,
    logger: deps.logger,
  });
  return { cache, feed, dedupe: config.SUBGRAPH_DEDUPE };
}
