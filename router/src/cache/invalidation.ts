// Keeps the router's caches honest across replicas without a broker: follows the entity change feeds of the
// subgraphs that offer one, decides what a reported change purges, and says whether the caches may answer at
// all (only while every feed has answered within the staleness bound).
import type { Logger } from "@shop/shared/logger";
import { CACHE_FEED_ISSUER, credentialKey } from "@shop/shared/identity";
import type { Counter } from "prom-client";
import type { Dispatcher } from "undici";
import { ChangeFeedPoller, type EntityChange, type PurgeReason } from "./change-feed.ts";

export interface CacheInvalidationOptions {
  /** Drops both caches whole (the subgraph cache's purge: a new generation, which the whole-response cache keys on). */
  dropAll: (reason: string) => void;
  /** Drops what the changes may affect (the subgraph cache's purgeChanges; a new generation too). */
  dropChanged: (changes: readonly EntityChange[]) => void;
  /** A feed subgraph's URL in the current supergraph. */
  subgraphUrl: (subgraph: string) => string | undefined;
  /** The router's own key: each poller signs as the cache poller with the key derived for its subgraph. */
  signingKey: string;
  dispatcher: Dispatcher;
  pollMs: number;
  /** Push: how long a feed may hold a read with nothing new (ChangeFeedOptions.waitMs). */
  waitMs: number;
  maxStalenessMs: number;
  polls: Counter<"subgraph" | "outcome">;
  logger: Logger;
}

export class CacheInvalidation {
  private readonly feeds = new Map<string, ChangeFeedPoller>();
  /** The same pollers as an array: healthy() runs on every cache lookup. */
  private pollers: ChangeFeedPoller[] = [];
  private running = false;

  constructor(private readonly options: CacheInvalidationOptions) {}

  /**
   * True while the caches may serve and store: at least one feed is followed and every one answered within the
   * staleness bound. With no feed, nothing would tell the caches of a change, so they stay off (fail safe).
   */
  healthy(): boolean {
    if (this.pollers.length === 0) return false;
    for (const poller of this.pollers) if (!poller.healthy()) return false;
    return true;
  }

  /** Follows the feeds of exactly these subgraphs (at start and at each supergraph load); a kept feed keeps its cursor. */
  follow(subgraphs: readonly string[]): void {
    for (const [subgraph, poller] of this.feeds) {
      if (subgraphs.includes(subgraph)) continue;
      poller.stop();
      this.feeds.delete(subgraph);
    }
    for (const subgraph of subgraphs) {
      if (this.feeds.has(subgraph)) continue;
      const poller = this.poller(subgraph);
      this.feeds.set(subgraph, poller);
      if (this.running) poller.start();
    }
    this.pollers = [...this.feeds.values()];
  }

  get subgraphs(): string[] {
    return [...this.feeds.keys()];
  }

  start(): void {
    this.running = true;
    for (const poller of this.pollers) poller.start();
  }

  stop(): void {
    this.running = false;
    for (const poller of this.pollers) poller.stop();
  }

  /**
   * The purge decision, for every feed. A reset drops both caches whole. Changes drop every whole response (they
   * do not say which entities they hold) and every subgraph answer they may affect: an entity fetch whose
   * selection holds none of the changed fields (order history's product names and prices, on a stock change), or
   * that read other entities, stays (entity-reads.ts).
   */
  private purge(reason: PurgeReason, changes: readonly EntityChange[]): void {
    if (reason === "reset") this.options.dropAll(reason);
    else this.options.dropChanged(changes);
  }

  private poller(subgraph: string): ChangeFeedPoller {
    const { options } = this;
    return new ChangeFeedPoller({
      subgraph,
      url: () => options.subgraphUrl(subgraph),
      credentialKey: credentialKey(options.signingKey, CACHE_FEED_ISSUER, subgraph),
      dispatcher: options.dispatcher,
      pollMs: options.pollMs,
      waitMs: options.waitMs,
      maxStalenessMs: options.maxStalenessMs,
      purge: (reason, changes) => this.purge(reason, changes),
      polls: { inc: ({ outcome }) => options.polls.inc({ subgraph, outcome }) },
      logger: options.logger,
    });
  }
}
