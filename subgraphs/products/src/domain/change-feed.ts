// The product change feed: every stock change appends a row in the statement that makes it, and the router's
// cache poller reads the rows after its cursor through the entity change feed contract (docs/change-feed.md).
import { badUserInput } from "@shop/shared/errors";
import { UTC_NOW } from "@shop/shared/utc-now";
import { Prisma, type PrismaClient } from "../__generated__/prisma/client.ts";

/** Rows older than this are pruned; a router whose cursor falls before the oldest kept row purges its whole cache. */
export const CHANGE_RETENTION_MS = 10 * 60_000;
/** Most changes returned at once; past that the reader is told to reset (cheaper than replaying them). */
export const MAX_CHANGES_PER_READ = 1_000;
/** Any fixed number: the advisory lock that orders the feed's writers (see productChangesOf). */
const FEED_LOCK_KEY = 7_401_020;

/** The Product fields a stock change touches: stock, and with it, perhaps, inStock (derived from stock). */
export const STOCK_FIELDS = ["stock", "inStock"];
/** A row's `fields` when any field may have changed (a new product): the contract's `fields: null`. */
export const ANY_FIELDS: string[] = [];

/**
 * SQL for a data-modifying CTE: `WITH ..., changes AS (${productChangesOf(Prisma.sql`taken`)}) ...` appends one
 * change per row of `changed` (a CTE of the same statement with an "id" column: the products it changed), naming
 * the Product `fields` it changed (the stock by default; ANY_FIELDS for a new product).
 *
 * The feed's rule: ids are drawn while holding the transaction-scoped advisory lock, and the lock is held until
 * commit, so ids become visible in id order and a reader that saw id N never later sees a smaller one commit (a
 * plain sequence could commit out of order). In one statement, a data dependency makes the lock come first: the
 * INSERT draws each id (the column's nextval() default) while projecting a row of the subquery, and the
 * subquery's row only exists once its pg_advisory_xact_lock() call has returned. PostgreSQL keeps that call where
 * it is: a subquery with a volatile function in its target list is not flattened into the INSERT, and its
 * volatile outputs are not removed even though the INSERT ignores them. Reading `changed` (rows a write returned)
 * also puts the lock after the statement's row locks, as in every writer: the feed's lock is always taken last.
 */
export function productChangesOf(changed: Prisma.Sql, fields: readonly string[] = STOCK_FIELDS): Prisma.Sql {
  return Prisma.sql`INSERT INTO "ProductChange" ("productId", "fields", "createdAt")
    SELECT feed."productId", ${`{${fields.join(",")}}`}::text[], ${Prisma.raw(UTC_NOW)}
    FROM (SELECT changed.id AS "productId", pg_advisory_xact_lock(${FEED_LOCK_KEY}::bigint) AS "feedLocked" FROM ${changed} AS changed) AS feed`;
}

export interface ChangeFeedPage {
  /** Pass it back as `after` next time. */
  cursor: string;
  /** True when the reader must drop everything it cached: it had no cursor, fell behind the pruned rows or too far. */
  reset: boolean;
  /** Products changed after the given cursor, each once. */
  productIds: string[];
  /** The same products grouped by the fields that changed (null: any field), each group's ids once. */
  changes: ProductChangeGroup[];
}

export interface ProductChangeGroup {
  ids: string[];
  fields: string[] | null;
}

/** Rows grouped by their fields (in the order first seen); a row without fields (written before they were recorded) was a stock change. */
function groupByFields(rows: ReadonlyArray<{ productId: string; fields: string[] | null }>): ProductChangeGroup[] {
  const groups = new Map<string, { ids: Set<string>; fields: string[] | null }>();
  for (const row of rows) {
    const fields = row.fields === null ? STOCK_FIELDS : row.fields.length === 0 ? null : row.fields;
    const key = JSON.stringify(fields);
    const group = groups.get(key) ?? { ids: new Set<string>(), fields };
    group.ids.add(row.productId);
    groups.set(key, group);
  }
  return [...groups.values()].map((group) => ({ ids: [...group.ids], fields: group.fields }));
}

function parseCursor(after: string | null | undefined): bigint | null {
  if (after === null || after === undefined) return null;
  if (!/^\d{1,19}$/.test(after)) throw badUserInput("after must be a cursor returned by _entityChanges", "after");
  return BigInt(after);
}

/** The changes after `after`, or a reset with the newest cursor when the reader cannot catch up from `after`. */
export async function readProductChanges(prisma: PrismaClient, after: string | null | undefined): Promise<ChangeFeedPage> {
  const cursor = parseCursor(after);
  const newest = await prisma.productChange.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
  const head = newest?.id ?? 0n;
  if (cursor === null) return { cursor: String(head), reset: true, productIds: [], changes: [] };
  if (cursor >= head) return { cursor: String(cursor > head ? head : cursor), reset: cursor > head, productIds: [], changes: [] };
  const oldest = await prisma.productChange.findFirst({ orderBy: { id: "asc" }, select: { id: true } });
  // Rows between the cursor and the oldest kept one may have been pruned (or were ids of rolled-back
  // transactions): the reader cannot know what changed, so it starts over.
  if (!oldest || oldest.id > cursor + 1n) return { cursor: String(head), reset: true, productIds: [], changes: [] };
  const rows = await prisma.productChange.findMany({
    where: { id: { gt: cursor } },
    orderBy: { id: "asc" },
    take: MAX_CHANGES_PER_READ + 1,
    select: { id: true, productId: true, fields: true },
  });
  if (rows.length > MAX_CHANGES_PER_READ) return { cursor: String(head), reset: true, productIds: [], changes: [] };
  return {
    cursor: String(rows.at(-1)?.id ?? cursor),
    reset: false,
    productIds: [...new Set(rows.map((row) => row.productId))],
    changes: groupByFields(rows),
  };
}

/** A page of changed entities of one type, as the contract answers them. */
export interface EntityChangePage {
  cursor: string;
  reset: boolean;
  changes: Array<{ typename: string; ids: string[]; fields: string[] | null }>;
}

/** A read of the product feed in the contract's shape: the changed products and their fields (docs/change-feed.md). */
export function asEntityChanges(page: ChangeFeedPage): EntityChangePage {
  const changes = page.changes.map((group) => ({ typename: "Product", ...group }));
  return { cursor: page.cursor, reset: page.reset, changes };
}

/** The longest a read with `waitMs` is held (a reader's HTTP timeout must exceed what it asks for). */
export const MAX_WAIT_MS = 30_000;

/** What the feed reads of the push notifier (change-notifier.ts): the head as notified, and a wait for a newer one. */
export interface ChangeHead {
  readonly head: bigint | null;
  waitBeyond(cursor: bigint, ms: number): Promise<void>;
}

/**
 * A read with `waitMs` (push, docs/change-feed.md): when the notifier knows the head and it is the reader's
 * cursor, waits up to `waitMs` for a change and, if none came, answers "nothing new" without any SQL. Undefined
 * when the table must be read: no push (the embedded database, or the listening connection is down), a cursor
 * that is not the head, or a change arrived while waiting.
 */
export async function awaitProductChanges(notifier: ChangeHead | undefined, after: string | null | undefined, waitMs: number | null | undefined): Promise<EntityChangePage | undefined> {
  if (waitMs === null || waitMs === undefined) return undefined;
  if (!Number.isInteger(waitMs) || waitMs < 0 || waitMs > MAX_WAIT_MS) throw badUserInput(`waitMs must be between 0 and ${MAX_WAIT_MS}`, "waitMs");
  const cursor = parseCursor(after);
  if (!notifier || cursor === null || notifier.head !== cursor) return undefined;
  await notifier.waitBeyond(cursor, waitMs);
  return notifier.head === cursor ? { cursor: String(cursor), reset: false, changes: [] } : undefined;
}

/** Deletes rows older than the retention, always keeping the newest (the feed's head must stay known). */
export async function pruneProductChanges(prisma: PrismaClient, now = Date.now()): Promise<number> {
  const newest = await prisma.productChange.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
  if (!newest) return 0;
  const { count } = await prisma.productChange.deleteMany({ where: { createdAt: { lt: new Date(now - CHANGE_RETENTION_MS) }, id: { lt: newest.id } } });
  return count;
}

const PRUNE_EVERY_MS = 60_000;
let lastPrune = 0;

/** Prunes at most once a minute per process, from the feed's read path (the products service has no worker). */
export async function pruneProductChangesNowAndThen(prisma: PrismaClient, now = Date.now()): Promise<void> {
  if (now - lastPrune < PRUNE_EVERY_MS) return;
  lastPrune = now;
  await pruneProductChanges(prisma, now);
}
