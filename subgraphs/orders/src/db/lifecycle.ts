// The status changes after placement, each ONE statement: a conditional update on the row's current status (only
// forward: cancel, expiry and payment cannot both win, nor two staff shipping) that also answers the order as it is
// after (no read-back), records the move in OrderEvent (who and when) and queues its outbox message.
import { randomUUID } from "node:crypto";
import type { OutboxMessage } from "@shop/shared/outbox";
import { Prisma, type Order, type PrismaClient } from "../__generated__/prisma/client.ts";
import { NOW, toOrder } from "./order-rows.ts";
import { queueClaimed, type StockTopic } from "./outbox.ts";

/** Who makes a change: the end user the credential names (null: none), and the service that sent it. */
export interface Actor {
  userId: string | null;
  service: string;
}

/** Whose order may change: the buyer's own only (their id), or any order (staff, checked by the caller). */
export type Owner = string | { anyOwner: true };

interface Change {
  /** The SET list (without "updatedAt"). */
  set: Prisma.Sql;
  /** When the order `t` (its current row) changes, besides being the caller's. */
  when: Prisma.Sql;
  /** The message a change queues, born claimed for `leaseMs` (the caller delivers it). */
  queue?: StockTopic;
  leaseMs?: number;
  /** Recorded with the event when the status moves, e.g. the carrier and tracking number. */
  details?: Record<string, string>;
}

/** What a status change answers. */
export interface Changed {
  /** The order as it is after the statement. */
  order: Order;
  changed: boolean;
  queued: OutboxMessage[];
}

/**
 * One statement: changes a visible order when `owner` matches and `when` holds, records a move of its status (from
 * the locked row's status, by `actor`), queues the change's message, and answers the order as it is after; null
 * when no visible order has this id. The row is locked first (FOR UPDATE): a change committed meanwhile (expiry,
 * a cancel, a payment, another staff member's shipping) is then seen as it is now, not as the statement's snapshot
 * had it, so `when` decides on the current status and the answer names it.
 */
async function change(prisma: PrismaClient, id: string, owner: Owner, actor: Actor, { set, when, queue, leaseMs, details }: Change): Promise<Changed | null> {
  const owned = typeof owner === "string" ? Prisma.sql`t."userId" = ${owner}::uuid` : Prisma.sql`true`;
  const queued = queue ? Prisma.sql`, queued AS (${queueClaimed(queue, "updated", leaseMs)})` : Prisma.empty;
  const messages = queue ? Prisma.sql`(SELECT coalesce(jsonb_agg(queued), '[]') FROM queued)` : Prisma.sql`'[]'::jsonb`;
  const [row] = await prisma.$queryRaw<Array<Order & { changed: boolean; queued: OutboxMessage[] }>>`
    WITH t AS (
      SELECT * FROM "Order" WHERE "id" = ${id}::uuid AND NOT "placing" FOR UPDATE
    ), updated AS (
      UPDATE "Order" o SET ${set}, "updatedAt" = ${NOW}
      FROM t WHERE o."id" = t."id" AND ${owned} AND ${when}
      RETURNING o.*
    ), logged AS (
      INSERT INTO "OrderEvent" ("id", "orderId", "fromStatus", "toStatus", "actorId", "actorService", "details", "createdAt")
      SELECT ${randomUUID()}::uuid, updated."id", t."status", updated."status", ${actor.userId}::uuid, ${actor.service},
             ${details ? JSON.stringify(details) : null}::jsonb, ${NOW}
      FROM updated, t WHERE updated."status" <> t."status"
    )${queued}
    SELECT answer.*, EXISTS (SELECT FROM updated) AS "changed", ${messages} AS "queued"
    FROM (SELECT * FROM updated UNION ALL SELECT * FROM t WHERE NOT EXISTS (SELECT FROM updated)) answer`;
  return row ? { order: toOrder(row), changed: row.changed, queued: row.queued } : null;
}

/** PENDING -> CANCELLED by the buyer, queueing the stock's release. */
export function cancelPending(prisma: PrismaClient, id: string, userId: string, leaseMs?: number): Promise<Changed | null> {
  return change(prisma, id, userId, { userId, service: "router" }, {
    set: Prisma.sql`"status" = 'CANCELLED'::"OrderStatus"`,
    when: Prisma.sql`t."status" = 'PENDING'::"OrderStatus"`,
    queue: "stock.release",
    leaseMs,
  });
}

/** Keeps a PENDING order from expiring for at least `graceSeconds` and records that a payment of it began. */
export function holdForPayment(prisma: PrismaClient, id: string, userId: string, graceSeconds: number): Promise<Changed | null> {
  const graceUntil = Prisma.sql`${NOW} + ${graceSeconds}::int * interval '1 second'`;
  return change(prisma, id, userId, { userId, service: "payments" }, {
    set: Prisma.sql`"expiresAt" = greatest(t."expiresAt", ${graceUntil}), "paymentStartedAt" = coalesce(t."paymentStartedAt", ${NOW})`,
    when: Prisma.sql`t."status" = 'PENDING'::"OrderStatus" AND (t."expiresAt" IS NULL OR t."expiresAt" < ${graceUntil} OR t."paymentStartedAt" IS NULL)`,
  });
}

/** PENDING -> PAID (no expiry any more), queueing the stock's commit; only once a payment of it began (holdForPayment). */
export function markPaid(prisma: PrismaClient, id: string, userId: string, leaseMs?: number): Promise<Changed | null> {
  return change(prisma, id, userId, { userId, service: "payments" }, {
    set: Prisma.sql`"status" = 'PAID'::"OrderStatus", "expiresAt" = NULL`,
    when: Prisma.sql`t."status" = 'PENDING'::"OrderStatus" AND t."paymentStartedAt" IS NOT NULL`,
    queue: "stock.commit",
    leaseMs,
  });
}

/** PAID -> SHIPPED, for staff on any order that has a shipping address, with its carrier and tracking number. */
export function shipPaid(prisma: PrismaClient, id: string, actor: Actor, shipment: { carrier: string; trackingNumber: string }): Promise<Changed | null> {
  return change(prisma, id, { anyOwner: true }, actor, {
    set: Prisma.sql`"status" = 'SHIPPED'::"OrderStatus", "carrier" = ${shipment.carrier}, "trackingNumber" = ${shipment.trackingNumber}, "shippedAt" = ${NOW}`,
    when: Prisma.sql`t."status" = 'PAID'::"OrderStatus" AND t."shippingAddress" IS NOT NULL`,
    details: shipment,
  });
}

/** SHIPPED -> DELIVERED, for staff on any order. */
export function markDelivered(prisma: PrismaClient, id: string, actor: Actor): Promise<Changed | null> {
  return change(prisma, id, { anyOwner: true }, actor, {
    set: Prisma.sql`"status" = 'DELIVERED'::"OrderStatus", "deliveredAt" = ${NOW}`,
    when: Prisma.sql`t."status" = 'SHIPPED'::"OrderStatus"`,
  });
}

/**
 * PAID -> REFUNDED (the payment was refunded in full before shipping), queueing the return of its sold stock. Any
 * other status is left as it is: an order shipped or delivered keeps its fulfilment status.
 */
export function markRefunded(prisma: PrismaClient, id: string, userId: string, leaseMs?: number): Promise<Changed | null> {
  return change(prisma, id, userId, { userId, service: "payments" }, {
    set: Prisma.sql`"status" = 'REFUNDED'::"OrderStatus"`,
    when: Prisma.sql`t."status" = 'PAID'::"OrderStatus"`,
    queue: "stock.return",
    leaseMs,
  });
}
