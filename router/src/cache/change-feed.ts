// Polls one subgraph's entity change feed (the contract in docs/change-feed.md) for the router's caches: reads
// the changes after its cursor and hands them on before moving past them. A feed that cannot be read makes the
// poller unhealthy, and the caches stop answering until it can (see invalidation.ts).
import { CACHE_FEED_ISSUER, CREDENTIAL_HEADER, signCredential } from "@shop/shared/identity";
import type { Logger } from "@shop/shared/logger";
import { type Dispatcher, request } from "undici";
import { z } from "zod";

/** The contract's query field: `_entityChanges(after: ID): EntityChangeFeed!`. */
export const CHANGE_FEED_FIELD = "_entityChanges";

const SELECTION = "{ cursor reset changes { typename ids fields } }";
const QUERY = `query EntityChanges($after: ID) { ${CHANGE_FEED_FIELD}(after: $after) ${SELECTION} }`;
/** With push (optional in the contract): the feed may hold an answer with nothing new for up to waitMs. */
const WAIT_QUERY = `query EntityChanges($after: ID, $waitMs: Int) { ${CHANGE_FEED_FIELD}(after: $after, waitMs: $waitMs) ${SELECTION} }`;

const pageSchema = z.object({
  cursor: z.string().min(1),
  reset: z.boolean(),
  changes: z.array(
    z.object({
      typename: z.string().min(1),
      ids: z.array(z.string()),
      fields: z.array(z.string()).nullish(),
    }),
  ),
});

/** Entities of one type that changed: `fields` names what changed, absent (null) meaning any field. */
export type EntityChange = z.infer<typeof pageSchema>["changes"][number];

/** Why cached data must go: the feed restarted (the reader cannot know what changed), or it reported changes. */
export type PurgeReason = "reset" | "change";

export interface ChangeFeedOptions {
  /** The subgraph whose feed this is, for logs (its URL when not given). */
  subgraph?: string;
  /** The subgraph's GraphQL URL, once a supergraph that routes to it is loaded. */
  url: () => string | undefined;
  /** The key of the poller's credentials to this subgraph: credentialKey(router's key, "router-cache", subgraph). */
  credentialKey: string;
  dispatcher: Dispatcher;
  pollMs: number;
  /**
   * Push: ask the feed to hold a read with nothing new for up to this long (0: never). A feed that does not take
   * the argument (a validation error) is polled from then on; one that answers at once (no push there) is read
   * every pollMs as before, since a read starts pollMs after the previous one started.
   */
  waitMs?: number;
  /** The feed counts as healthy while its last successful read is at most this old: the staleness bound. */
  maxStalenessMs: number;
  /** Called before the cursor moves past a reset or changes; decides what they purge (invalidation.ts). */
  purge: (reason: PurgeReason, changes: readonly EntityChange[]) => void;
  polls: { inc(labels: { outcome: "ok" | "error" }): void };
  logger: Logger;
}

export class ChangeFeedPoller {
  private cursor: string | null = null;
  private lastSuccess = -Infinity;
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private failing = false;
  /** The feed answered at least once (before that, its subgraph is most likely still starting). */
  private answered = false;
  private waitingSaid = false;
  /** Whether reads ask the feed to wait (false once it refused the argument). */
  private push: boolean;

  constructor(private readonly options: ChangeFeedOptions) {
    this.push = (options.waitMs ?? 0) > 0;
  }

  /** True while reads ask the feed to wait for changes (push). */
  get pushing(): boolean {
    return this.push;
  }

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

  /** One read of the feed (tests call it directly); true when it reported a reset or changes. */
  async pollOnce(): Promise<boolean> {
    const url = this.options.url();
    if (!url) throw new Error("the subgraph is not in the supergraph (yet)");
    const started = performance.now();
    const waitMs = this.push ? (this.options.waitMs ?? 0) : 0;
    const operation = this.push
      ? { query: WAIT_QUERY, operationName: "EntityChanges", variables: { after: this.cursor, waitMs } }
      : { query: QUERY, operationName: "EntityChanges", variables: { after: this.cursor } };
    const credential = await signCredential(this.options.credentialKey, { issuer: CACHE_FEED_ISSUER, userId: null }, operation);
    const response = await request(url, {
      method: "POST",
      dispatcher: this.options.dispatcher,
      headers: { "content-type": "application/json", [CREDENTIAL_HEADER]: credential },
      body: JSON.stringify(operation),
      signal: AbortSignal.timeout(Math.max(this.options.maxStalenessMs, 500) + waitMs),
    });
    const text = await response.body.text();
    // GraphQL over HTTP answers a request that fails validation (an unknown argument) with 400 and its errors.
    if (response.statusCode !== 200 && !(this.push && response.statusCode === 400)) throw new Error(`change feed answered ${response.statusCode}`);
    const result = JSON.parse(text) as { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: { code?: string } }> };
    if (this.push && !result.data && result.errors?.some((error) => error.extensions?.code === "GRAPHQL_VALIDATION_FAILED")) {
      // A feed that implements polling only: read it without the argument from now on.
      this.push = false;
      this.options.logger.info({ subgraph: this.options.subgraph }, "change feed does not take waitMs: polling it");
      return this.pollOnce();
    }
    const answered = result.data?.[CHANGE_FEED_FIELD];
    if (!answered) throw new Error(`change feed failed: ${result.errors?.[0]?.message ?? "no data"}`);
    const page = pageSchema.safeParse(answered);
    if (!page.success) throw new Error(`change feed answered a page that breaks the contract: ${z.prettifyError(page.error)}`);
    // Purge before advancing: what was read before `started` may predate these changes.
    const { cursor, reset, changes } = page.data;
    if (reset) this.options.purge("reset", changes);
    else if (changes.length > 0) this.options.purge("change", changes);
    this.cursor = cursor;
    this.lastSuccess = started;
    return reset || changes.length > 0;
  }

  private async poll(): Promise<void> {
    const subgraph = this.options.subgraph ?? this.options.url();
    const started = performance.now();
    let delayMs = this.options.pollMs;
    try {
      const moved = await this.pollOnce();
      this.options.polls.inc({ outcome: "ok" });
      if (this.failing) this.options.logger.info({ subgraph }, "change feed answers again: caches back on");
      this.failing = false;
      this.answered = true;
      // With push, the next read at once after one the feed held or that moved the cursor; otherwise (no push
      // there: it answered at once with nothing) pollMs after this one started.
      const elapsed = performance.now() - started;
      const held = elapsed >= (this.options.waitMs ?? 0) / 2;
      delayMs = this.push && (held || moved) ? 0 : Math.max(0, this.options.pollMs - elapsed);
    } catch (error) {
      this.options.polls.inc({ outcome: "error" });
      // Before its first answer the subgraph is most likely still starting: not worth a warning.
      if (!this.answered && !this.waitingSaid) this.options.logger.info({ subgraph }, `waiting for the ${subgraph} change feed: caches off until it answers`);
      else if (this.answered && !this.failing) this.options.logger.warn({ err: error, subgraph }, "change feed unreachable: caches off until it answers");
      this.waitingSaid = true;
      this.failing = this.answered;
    } finally {
      this.schedule(delayMs);
    }
  }
}
