// Assembles the router's caching (RESPONSE_CACHE): the public subgraph-response cache, and its invalidation by
// the change feeds of the subgraphs that offer one; absent when RESPONSE_CACHE=false.
import type { Logger } from "@shop/shared/logger";
import type { Agent } from "undici";
import type { RouterConfig } from "../config.ts";
import type { LoadedSupergraph } from "../hot-reload.ts";
import type { RouterMetrics } from "../metrics.ts";
import type { AdaptiveSettings } from "./adaptive.ts";
import { subgraphsDeclaringQueryField } from "./feed-discovery.ts";
import { CacheInvalidation } from "./invalidation.ts";
import { SubgraphCache } from "./subgraph-cache.ts";

export interface RouterCaching {
  cache: SubgraphCache;
  invalidation: CacheInvalidation;
  /** Share identical in-flight query fetches of one caller (SUBGRAPH_DEDUPE). */
  dedupe: boolean;
  /** When a layer that answers (almost) nothing in a scope turns itself off there (CACHE_ADAPTIVE_*). */
  adaptive: AdaptiveSettings;
  /** Takes each supergraph the gateway loads: its plans may differ, its subgraphs' URLs and feeds too. */
  supergraphLoaded(supergraph: LoadedSupergraph): void;
}

export function createCaching(config: RouterConfig, deps: { agent: Agent; metrics: RouterMetrics; logger: Logger }): RouterCaching | undefined {
  if (!config.RESPONSE_CACHE) return undefined;
  const { metrics } = deps;
  let urls = new Map<string, string>();
  // Each replica keeps its own cache: safe because every replica polls the same feeds, so a change reaches
  // all of them within the staleness bound, and nothing user-specific is ever stored.
  const invalidation: CacheInvalidation = new CacheInvalidation({
    dropAll: (reason) => cache.purge(reason),
    dropChanged: (changes) => cache.purgeChanges(changes),
    subgraphUrl: (name) => urls.get(name),
    signingKey: config.signingKey,
    dispatcher: deps.agent,
    pollMs: config.CACHE_FEED_POLL_MS,
    // A held read must end well within the staleness bound: the feed's health is the start of its last good read.
    waitMs: Math.min(config.CACHE_FEED_WAIT_MS, Math.floor(config.CACHE_MAX_STALENESS_MS / 4)),
    maxStalenessMs: config.CACHE_MAX_STALENESS_MS,
    polls: metrics.cacheFeedPolls,
    logger: deps.logger,
  });
  const cache = new SubgraphCache(config.RESPONSE_CACHE_MAX_ENTRIES, { lookups: metrics.cacheLookups, purges: metrics.cachePurges }, () =>
    invalidation.healthy(),
  );
  // CACHE_CHANGE_FEEDS, else every own subgraph that declares the feed. Only own ones: a feed answers our
  // credential only, and a foreign subgraph must never receive it (in front of a foreign supergraph there is
  // then no feed, and the caches stay off: failing safe).
  const feedsOf = (supergraphSdl: string) =>
    config.cacheChangeFeeds ?? subgraphsDeclaringQueryField(supergraphSdl).filter((name) => config.ownSubgraphs.has(name));
  return {
    cache,
    invalidation,
    dedupe: config.SUBGRAPH_DEDUPE,
    adaptive: { window: config.CACHE_ADAPTIVE_WINDOW, minHitRate: config.CACHE_ADAPTIVE_MIN_HIT_RATE, probeAfter: config.CACHE_ADAPTIVE_PROBE_AFTER },
    supergraphLoaded: (supergraph) => {
      cache.purge("supergraph");
      urls = new Map(supergraph.subgraphs.map(({ name, url }) => [name, url]));
      invalidation.follow(feedsOf(supergraph.supergraphSdl));
    },
  };
}
