// The status changes after placement, each ONE statement: a conditional update (only from PENDING, so cancel,
// expiry and payment cannot both win) that also answers the order as it is after (no read-back) and queues its
// outbox message.
import type { OutboxMessage } from "@shop/shared/outbox";
import { Prisma, type Order, type PrismaClient } from "../__generated__/prisma/client.ts";
import { NOW, toOrder } from "./order-rows.ts";
import { queueClaimed, type StockTopic } from "./outbox.ts";

interface Change {
  /** The SET list (without "updatedAt"). */
  set: Prisma.Sql;
  /** When the order `t` (its current row) changes, besides being the caller's. */
  when: Prisma.Sql;
  /** The message a change queues, born claimed for `leaseMs` (the caller delivers it). */
  queue?: StockTopic;
  leaseMs?: number;
}

/** What a status change answers. */
export interface Changed {
  /** The order as it is after the statement. */
  order: Order;
  changed: boolean;
  queued: OutboxMessage[];
}

/**
 * One statement: changes a visible order when `userId` owns it and `when` holds, queues the change's message,
 * and answers the order as it is after; null when no visible order has this id. The row is locked first (FOR
 * UPDATE): a change committed meanwhile (expiry, a cancel, a payment) is then seen as it is now, not as the
 * statement's snapshot had it, so `when` decides on the current status and the answer names it.
 */
async function change(prisma: PrismaClient, id: string, userId: string, { set, when, queue, leaseMs }: Change): Promise<Changed | null> {
  const queued = queue ? Prisma.sql`, queued AS (${queueClaimed(queue, "updated", leaseMs)})` : Prisma.empty;
  const messages = queue ? Prisma.sql`(SELECT coalesce(jsonb_agg(queued), '[]') FROM queued)` : Prisma.sql`'[]'::jsonb`;
  const [row] = await prisma.$queryRaw<Array<Order & { changed: boolean; queued: OutboxMessage[] }>>`
    WITH t AS (
      SELECT * FROM "Order" WHERE "id" = ${id}::uuid AND NOT "placing" FOR UPDATE
    ), updated AS (
      UPDATE "Order" o SET ${set}, "updatedAt" = ${NOW}
      FROM t WHERE o."id" = t."id" AND t."userId" = ${userId}::uuid AND ${when}
      RETURNING o.*
    )${queued}
    SELECT answer.*, EXISTS (SELECT FROM updated) AS "changed", ${messages} AS "queued"
    FROM (SELECT * FROM updated UNION ALL SELECT * FROM t WHERE NOT EXISTS (SELECT FROM updated)) answer`;
  return row ? { order: toOrder(row), changed: row.changed, queued: row.queued } : null;
}

/** PENDING -> CANCELLED, queueing the stock's release. */
export function cancelPending(prisma: PrismaClient, id: string, userId: string, leaseMs?: number): Promise<Changed | null> {
  return change(prisma, id, userId, {
    set: Prisma.sql`"status" = 'CANCELLED'::"OrderStatus"`,
    when: Prisma.sql`t."status" = 'PENDING'::"OrderStatus"`,
    queue: "stock.release",
    leaseMs,
  });
}

/** Keeps a PENDING order from expiring for at least `graceSeconds` and records that a payment of it began. */
export function holdForPayment(prisma: PrismaClient, id: string, userId: string, graceSeconds: number): Promise<Changed | null> {
  const graceUntil = Prisma.sql`${NOW} + ${graceSeconds}::int * interval '1 second'`;
  return change(prisma, id, userId, {
    set: Prisma.sql`"expiresAt" = greatest(t."expiresAt", ${graceUntil}), "paymentStartedAt" = coalesce(t."paymentStartedAt", ${NOW})`,
    when: Prisma.sql`t."status" = 'PENDING'::"OrderStatus" AND (t."expiresAt" IS NULL OR t."expiresAt" < ${graceUntil} OR t."paymentStartedAt" IS NULL)`,
  });
}

/** PENDING -> PAID (no expiry any more), queueing the stock's commit; only once a payment of it began (holdForPayment). */
export function markPaid(prisma: PrismaClient, id: string, userId: string, leaseMs?: number): Promise<Changed | null> {
  return change(prisma, id, userId, {
    set: Prisma.sql`"status" = 'PAID'::"OrderStatus", "expiresAt" = NULL`,
    when: Prisma.sql`t."status" = 'PENDING'::"OrderStatus" AND t."paymentStartedAt" IS NOT NULL`,
    queue: "stock.commit",
    leaseMs,
  });
}
