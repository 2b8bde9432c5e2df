// The router's cache of public subgraph responses (a size-bounded LRU): what a subgraph marked
// `Cache-Control: public, max-age>0` is served again without a fetch until it expires or a change feed says
// data changed (invalidation.ts). Never user-specific: private, uncacheable, failed and mutation responses never enter.
import { LRUCache } from "lru-cache";
import type { Counter } from "prom-client";
import type { EntityChange } from "./change-feed.ts";
import { affects, type EntityReads } from "./entity-reads.ts";

/** A subgraph's cache hint, as the gateway hands it to the router's overall cache policy. */
export interface CacheHint {
  maxAge: number;
  scope?: "PUBLIC" | "PRIVATE";
}

/** Reads a subgraph's Cache-Control header the way @apollo/gateway does (no header or no max-age: maxAge 0). */
export function cacheHintOf(header: string | undefined): CacheHint {
  const hint: CacheHint = { maxAge: 0 };
  if (!header) return hint;
  for (const part of header.split(",")) {
    const [name, value] = part.trim().toLowerCase().split("=");
    if (name === "max-age" && value && /^\d+$/.test(value)) hint.maxAge = Number(value);
    else if (name === "public") hint.scope = "PUBLIC";
    else if (name === "private") hint.scope = "PRIVATE";
  }
  return hint;
}

export interface CacheMetrics {
  lookups: Counter<"subgraph" | "result">;
  purges: Counter<"reason">;
}

interface Entry {
  /** The response body as received: every hit parses its own copy, since the gateway writes into responses. */
  body: string;
  /** What it read, when it is an entity fetch: a change elsewhere keeps it (entity-reads.ts). */
  reads: EntityReads | undefined;
}

export class SubgraphCache {
  private readonly entries: LRUCache<string, Entry>;
  private generation = 0;

  /**
   * @param usable whether entries may be served and stored now (false while a change feed is silent: a cache
   * that cannot hear about changes must not answer).
   */
  constructor(
    maxEntries: number,
    private readonly metrics: CacheMetrics,
    private readonly usable: () => boolean,
  ) {
    this.entries = new LRUCache({ max: maxEntries, ttlAutopurge: false });
  }

  /** Bumped by every purge: a fetch that started before a purge must not store what it read (it may be stale). */
  get epoch(): number {
    return this.generation;
  }

  /** Whether entries may be served and stored now (a lookup now is a hit or a miss, not a bypass). */
  get available(): boolean {
    return this.usable();
  }

  /** The cached body and the seconds it has left, or undefined (a miss, or the cache is not usable now). */
  get(subgraph: string, key: string): { body: string; maxAge: number } | undefined {
    if (!this.usable()) {
      this.metrics.lookups.inc({ subgraph, result: "bypass" });
      return undefined;
    }
    const entry = this.entries.get(key);
    const remainingMs = entry ? this.entries.getRemainingTTL(key) : 0;
    if (!entry || remainingMs <= 0) {
      this.metrics.lookups.inc({ subgraph, result: "miss" });
      return undefined;
    }
    this.metrics.lookups.inc({ subgraph, result: "hit" });
    return { body: entry.body, maxAge: Math.max(1, Math.floor(remainingMs / 1000)) };
  }

  /**
   * Stores a response fetched while the cache stood at `epoch` when its hint is public with a max-age; a body
   * with errors is never stored (the error may be passing).
   */
  set(key: string, body: string, hint: CacheHint, hasErrors: boolean, epoch: number, reads?: () => EntityReads | undefined): boolean {
    if (hasErrors || hint.scope !== "PUBLIC" || hint.maxAge <= 0) return false;
    if (epoch !== this.generation || !this.usable()) return false;
    this.entries.set(key, { body, reads: reads?.() }, { ttl: hint.maxAge * 1000 });
    return true;
  }

  /** Drops every entry and starts a new generation (what to purge for which change is invalidation.ts's decision). */
  purge(reason: string): void {
    this.generation++;
    this.entries.clear();
    this.metrics.purges.inc({ reason });
  }

  /**
   * Drops the entries `changes` may affect (entity-reads.ts) and starts a new generation: the whole-response cache
   * keys on it, so every whole response goes, and no fetch begun before now stores what it read.
   */
  purgeChanges(changes: readonly EntityChange[]): number {
    this.generation++;
    let dropped = 0;
    for (const [key, entry] of this.entries.entries()) {
      if (!changes.some((change) => affects(change, entry.reads))) continue;
      this.entries.delete(key);
      dropped++;
    }
    this.metrics.purges.inc({ reason: "change" });
    return dropped;
  }

  get size(): number {
    return this.entries.size;
  }
}
