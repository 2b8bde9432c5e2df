// After placement: the buyer cancels a pending order; the payments service starts a payment and marks the order paid.
// Each status change is a conditional update (only from PENDING), so cancel, expiry and payment cannot both win.
// Each is one statement that also answers the order as it is after (no read-back) and queues its outbox message.
import { forbidden, graphError, notFound } from "@shop/shared/errors";
import { requireUuid } from "@shop/shared/ids";
import type { OutboxMessage } from "@shop/shared/outbox";
import { requireService } from "@shop/shared/service-caller";
import type { Caller } from "@shop/shared/identity";
import { Prisma, type Order, type PrismaClient } from "../__generated__/prisma/client.ts";
import type { Checkout } from "../checkout.ts";
import { requireUser } from "./access.ts";
import { NOW, toOrder } from "./order-rows.ts";
import { deliverQueued, queueClaimed, type StockTopic } from "./outbox.ts";

export interface LifecycleContext {
  prisma: PrismaClient;
  caller: Caller;
  checkout: Checkout;
}

interface Change {
  /** The SET list (without "updatedAt"). */
  set: Prisma.Sql;
  /** When the order `t` (its current row) changes, besides being the caller's. */
  when: Prisma.Sql;
  /** The message a change queues, born claimed (the caller delivers it). */
  queue?: StockTopic;
}

interface Changed {
  /** The order as it is after the statement. */
  order: Order;
  changed: boolean;
  queued: OutboxMessage[];
}

/**
 * One statement: changes a visible order when the caller owns it and `when` holds, queues the change's message,
 * and answers the order as it is after; null when no visible order has this id. The row is locked first (FOR
 * UPDATE): a change committed meanwhile (expiry, a cancel, a payment) is then seen as it is now, not as the
 * statement's snapshot had it, so `when` decides on the current status and the answer names it.
 */
async function change({ prisma, checkout }: LifecycleContext, id: string, userId: string, { set, when, queue }: Change): Promise<Changed | null> {
  const queued = queue ? Prisma.sql`, queued AS (${queueClaimed(queue, "updated", checkout)})` : Prisma.empty;
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

/** Cancels one of the caller's PENDING orders and gives its stock back. NOT_FOUND for someone else's, CONFLICT unless PENDING. */
export async function cancelOrder(context: LifecycleContext, orderId: string): Promise<Order> {
  const userId = requireUser(context.caller);
  const id = requireUuid(orderId, "orderId");
  const result = await change(context, id, userId, {
    set: Prisma.sql`"status" = 'CANCELLED'::"OrderStatus"`,
    when: Prisma.sql`t."status" = 'PENDING'::"OrderStatus"`,
    queue: "stock.release",
  });
  if (!result || result.order.userId !== userId) throw notFound("Order");
  if (!result.changed) throw graphError("CONFLICT", `Only a pending order can be cancelled; this one is ${result.order.status}`);
  await deliverQueued(context.prisma, context.checkout, result.queued);
  return result.order;
}

/** For the payments service: the caller must be that service, for the order's buyer (NOT_FOUND, FORBIDDEN). */
async function changeForPayments(context: LifecycleContext, orderId: string, what: Change): Promise<Changed> {
  requireService(context.caller, "payments");
  const userId = requireUser(context.caller);
  const result = await change(context, requireUuid(orderId, "orderId"), userId, what);
  if (!result) throw notFound("Order");
  if (result.order.userId !== userId) throw forbidden("You can only pay for your own orders");
  return result;
}

/**
 * For the payments service, before it charges: the order to pay (amount, currency, status, owner). A PENDING
 * order is kept from expiring for the payment grace period so a charge in progress is not overtaken by expiry.
 * NOT_FOUND for an unknown order, FORBIDDEN when the buyer is not the caller.
 */
export async function beginOrderPayment(context: LifecycleContext, orderId: string): Promise<Order> {
  const graceUntil = Prisma.sql`${NOW} + ${context.checkout.paymentGraceSeconds}::int * interval '1 second'`;
  const { order } = await changeForPayments(context, orderId, {
    set: Prisma.sql`"expiresAt" = ${graceUntil}`,
    when: Prisma.sql`t."status" = 'PENDING'::"OrderStatus" AND (t."expiresAt" IS NULL OR t."expiresAt" < ${graceUntil})`,
  });
  return order;
}

/**
 * For the payments service, after a successful charge: the order becomes PAID and its stock final (through the
 * outbox). Idempotent: an order already PAID answers as it is. CONFLICT when the order was cancelled or expired
 * first (the payments service then refunds the charge).
 */
export async function markOrderPaid(context: LifecycleContext, orderId: string): Promise<Order> {
  const { order, queued } = await changeForPayments(context, orderId, {
    set: Prisma.sql`"status" = 'PAID'::"OrderStatus", "expiresAt" = NULL`,
    when: Prisma.sql`t."status" = 'PENDING'::"OrderStatus"`,
    queue: "stock.commit",
  });
  context.checkout.faults.reach("orders:after-paid");
  await deliverQueued(context.prisma, context.checkout, queued);
  if (order.status !== "PAID") throw graphError("CONFLICT", `This order is ${order.status} and cannot be paid`);
  return order;
}
