// Push for the product change feed on PostgreSQL: one connection LISTENs on the channel the ProductChange
// trigger notifies (migration product_change_notify), so the process knows the feed's head without reading the
// table, and a feed read with `waitMs` that finds nothing new waits for the next change at no SQL cost
// (docs/change-feed.md). The embedded database has no second connection to listen on: there, no notifier, and
// the router polls. If the connection breaks, notifications may be lost, so the head becomes unknown at once
// (waiting reads answer and every read goes to the table again) until it reconnects and reads the head afresh.
import { databaseKind } from "@shop/shared/database";
import type { Logger } from "@shop/shared/logger";
import type { SubgraphKit } from "@shop/shared/subgraph/declaration";
import pg from "pg";
import type { PrismaClient } from "../__generated__/prisma/client.ts";

/** The channel the trigger notifies, with the newest change id of each statement as the payload. */
export const PRODUCT_CHANGE_CHANNEL = "product_changes";

export interface ChangeNotifierOptions {
  url: string;
  /** The feed's newest change id, read from the table (after LISTEN, so no later change is missed). */
  readHead: () => Promise<bigint>;
  logger: Logger;
  reconnectMs?: number;
}

export class ProductChangeNotifier {
  private client: pg.Client | undefined;
  /** The newest committed change id, while listening; null when not (then the table must be read). */
  private known: bigint | null = null;
  /** Payloads received after LISTEN but before the head was read. */
  private pending = -1n;
  private readonly waiters = new Set<() => void>();
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(private readonly options: ChangeNotifierOptions) {}

  /** The feed's head as notified, or null while not listening. */
  get head(): bigint | null {
    return this.known;
  }

  /** The listening connection's backend process id (tests break it with pg_terminate_backend). */
  get backendPid(): number | undefined {
    return this.known === null ? undefined : (this.client as unknown as { processID?: number } | undefined)?.processID;
  }

  start(): void {
    this.stopped = false;
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.lose();
    await client?.end().catch(() => undefined);
  }

  /** Resolves once the head is past `cursor`, the head is unknown (push lost), or after `ms`. */
  waitBeyond(cursor: bigint, ms: number): Promise<void> {
    if (this.known === null || this.known > cursor) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const check = () => {
        if (this.known === null || this.known > cursor) done();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(check);
    });
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.options.url });
    client.on("error", (error) => this.broken(client, error));
    client.on("end", () => this.broken(client));
    client.on("notification", (message) => {
      if (client !== this.client || !message.payload || !/^\d+$/.test(message.payload)) return;
      const id = BigInt(message.payload);
      if (this.known !== null) {
        if (id > this.known) this.advance(id);
      } else if (id > this.pending) this.pending = id;
    });
    try {
      this.client = client;
      await client.connect();
      await client.query(`LISTEN ${PRODUCT_CHANGE_CHANNEL}`);
      const head = await this.options.readHead();
      if (client !== this.client) return; // broken meanwhile
      // bigint: no Math.max. A change notified while the head was read may be newer than what it read.
      let newest = head;
      if (this.pending > newest) newest = this.pending;
      this.advance(newest);
      this.options.logger.info("product change feed: push on (LISTEN product_changes)");
    } catch (error) {
      this.broken(client, error);
    }
  }

  private advance(head: bigint): void {
    this.known = head;
    for (const check of [...this.waiters]) check();
  }

  /** Forgets the head and wakes every waiting read: they answer now and readers read the table again. */
  private lose(): void {
    this.client = undefined;
    this.known = null;
    this.pending = -1n;
    for (const check of [...this.waiters]) check();
  }

  private broken(client: pg.Client, error?: unknown): void {
    if (client !== this.client) return;
    this.lose();
    client.end().catch(() => undefined);
    if (this.stopped) return;
    this.options.logger.warn({ err: error }, "product change feed: push lost, readers poll until it reconnects");
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.connect(), this.options.reconnectMs ?? 1_000);
    this.retry.unref();
  }
}

/** The products process's notifier, listening from now until the subgraph stops; none on the embedded database. */
export function changeNotifierFor(kit: SubgraphKit<{ DATABASE_URL: string }, PrismaClient>): ProductChangeNotifier | undefined {
  if (databaseKind(kit.settings.DATABASE_URL) !== "postgresql" || !kit.onClose) return undefined;
  const notifier = new ProductChangeNotifier({
    url: kit.settings.DATABASE_URL,
    readHead: async () => (await kit.prisma.productChange.findFirst({ orderBy: { id: "desc" }, select: { id: true } }))?.id ?? 0n,
    logger: kit.logger,
  });
  notifier.start();
  kit.onClose(() => notifier.stop());
  return notifier;
}
