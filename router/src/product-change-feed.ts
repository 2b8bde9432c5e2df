// Keeps the router's caches honest across replicas without a broker: polls the products service's change feed
// (rows appended in the same transaction as every stock or price change) and purges on any change. A replica
// that cannot read the feed stops using its cache until it can.
import { CACHE_FEED_ISSUER, CREDENTIAL_HEADER, signCredential } from "@shop/shared/identity";
import type { Logger } from "@shop/shared/logger";
import type { Counter } from "prom-client";
import { type Dispatcher, request } from "undici";

const QUERY = "query ProductChanges($after: ID) { productChanges(after: $after) { cursor reset productIds } }";

interface FeedPage {
  cursor: string;
  reset: boolean;
  productIds: string[];
}

export interface ProductChangeFeedOptions {
  /** The products subgraph's GraphQL URL, once the supergraph is composed. */
  url: () => string | undefined;
  subgraphSecret: string;
  dispatcher: Dispatcher;
  pollMs: number;
  /** The cache is used only while the last successful poll is at most this old: the staleness bound. */
  maxStalenessMs: number;
  /** Called with a reason when cached data may be stale: a reset or changed products. */
  purge: (reason: string) => void;
  polls: Counter<"outcome">;
  logger: Logger;
}

export class ProductChangeFeed {
  private cursor: string | null = null;
  private lastSuccess = -Infinity;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private failing = false;

  constructor(private readonly options: ProductChangeFeedOptions) {}

  /** True while the feed answered recently enough that every change it reports has been applied. */
  healthy(): boolean {
    return performance.now() - this.lastSuccess <= this.options.maxStalenessMs;
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.poll(), delayMs);
    this.timer.unref();
  }

  /** One read of the feed; exported for tests through `pollOnce`. */
  async pollOnce(): Promise<void> {
    const url = this.options.url();
    if (!url) throw new Error("no products subgraph in the supergraph yet");
    const started = performance.now();
    const operation = { query: QUERY, operationName: "ProductChanges", variables: { after: this.cursor } };
    const credential = await signCredential(this.options.subgraphSecret, { issuer: CACHE_FEED_ISSUER, userId: null }, operation);
    const response = await request(url, {
      method: "POST",
      dispatcher: this.options.dispatcher,
      headers: { "content-type": "application/json", [CREDENTIAL_HEADER]: credential },
      body: JSON.stringify(operation),
      signal: AbortSignal.timeout(Math.max(this.options.maxStalenessMs, 500)),
    });
    const text = await response.body.text();
    if (response.statusCode !== 200) throw new Error(`change feed answered ${response.statusCode}`);
    const result = JSON.parse(text) as { data?: { productChanges?: FeedPage }; errors?: Array<{ message: string }> };
    const page = result.data?.productChanges;
    if (!page) throw new Error(`change feed failed: ${result.errors?.[0]?.message ?? "no data"}`);
    // Purge before advancing: what was read before `started` may predate these changes.
    if (page.reset) this.options.purge("reset");
    else if (page.productIds.length > 0) this.options.purge("change");
    this.cursor = page.cursor;
    this.lastSuccess = started;
  }

  private async poll(): Promise<void> {
    try {
      await this.pollOnce();
      this.options.polls.inc({ outcome: "ok" });
      if (this.failing) this.options.logger.info("product change feed answers again: cache back on");
      this.failing = false;
    } catch (error) {
      this.options.polls.inc({ outcome: "error" });
      if (!this.failing) this.options.logger.warn({ err: error }, "product change feed unreachable: cache off until it answers");
      this.failing = true;
    } finally {
      this.schedule(this.options.pollMs);
    }
  }
}
