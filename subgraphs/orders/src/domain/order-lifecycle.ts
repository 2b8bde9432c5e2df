// After placement: the buyer cancels a pending order; the payments service starts a payment, marks the order
// paid, and marks it refunded. The rules (who may, from which status) live here; each change is one statement
// (db/lifecycle.ts).
import { graphError, notFound } from "@shop/shared/errors";
import type { Caller } from "@shop/shared/identity";
import { requireUuid } from "@shop/shared/ids";
import { requireService } from "@shop/shared/service-caller";
import type { Order, PrismaClient } from "../__generated__/prisma/client.ts";
import { type CheckoutDependencies, writesOf } from "../checkout-dependencies.ts";
import type { Changed } from "../db/lifecycle.ts";
import { requireUser } from "./access.ts";
import { deliverQueued } from "./outbox.ts";

/** The statuses of an order that was paid: PAID, and the fulfilment states after it. */
export const PAID_STATUSES: ReadonlySet<Order["status"]> = new Set(["PAID", "SHIPPED", "DELIVERED"]);

export interface LifecycleContext {
  prisma: PrismaClient;
  caller: Caller;
  checkout: CheckoutDependencies;
}

/** Cancels one of the caller's PENDING orders and gives its stock back. NOT_FOUND for someone else's, CONFLICT unless PENDING. */
export async function cancelOrder(context: LifecycleContext, orderId: string): Promise<Order> {
  const { prisma, checkout } = context;
  const userId = requireUser(context.caller);
  const id = requireUuid(orderId, "orderId");
  const result = await writesOf(checkout).cancelPending(prisma, id, userId, checkout.outboxLeaseMs);
  if (!result || result.order.userId !== userId) throw notFound("Order");
  if (!result.changed) throw graphError("CONFLICT", `Only a pending order can be cancelled; this one is ${result.order.status}`);
  await deliverQueued(prisma, checkout, result.queued);
  return result.order;
}

/** For the payments service: the caller must be that service (FORBIDDEN), for the order's buyer (NOT_FOUND otherwise). */
async function changeForPayments(
  context: LifecycleContext,
  orderId: string,
  change: (prisma: PrismaClient, id: string, userId: string) => Promise<Changed | null>,
): Promise<Changed> {
  requireService(context.caller, "payments");
  const userId = requireUser(context.caller);
  const result = await change(context.prisma, requireUuid(orderId, "orderId"), userId);
  if (!result) throw notFound("Order");
  // Someone else's order is NOT_FOUND, whatever its status, exactly as order() answers it: the answer tells nothing.
  if (result.order.userId !== userId) throw notFound("Order");
  return result;
}

/**
 * For the payments service, before it charges: the order to pay (amount, currency, status, owner). A PENDING
 * order is kept from expiring for the payment grace period so a charge in progress is not overtaken by expiry.
 * NOT_FOUND for an unknown order and when the buyer is not the caller.
 */
export async function beginOrderPayment(context: LifecycleContext, orderId: string): Promise<Order> {
  const { checkout } = context;
  const { order } = await changeForPayments(context, orderId, (prisma, id, userId) =>
    writesOf(checkout).holdForPayment(prisma, id, userId, checkout.paymentGraceSeconds),
  );
  return order;
}

/**
 * For the payments service, after a successful charge: the order becomes PAID and its stock final (through the
 * outbox). Idempotent: an order already PAID (or shipped since) answers as it is. CONFLICT when the order was
 * cancelled or expired first (the payments service then refunds the charge), and when no payment of it was begun
 * (beginOrderPayment): a payments credential alone, or one replayed from another order's payment, cannot mark an
 * order paid.
 */
export async function markOrderPaid(context: LifecycleContext, orderId: string): Promise<Order> {
  const { checkout } = context;
  const { order, queued } = await changeForPayments(context, orderId, (prisma, id, userId) =>
    writesOf(checkout).markPaid(prisma, id, userId, checkout.outboxLeaseMs),
  );
  await deliverQueued(context.prisma, checkout, queued);
  if (order.status === "PENDING" && !order.paymentStartedAt) throw graphError("CONFLICT", "No payment of this order was begun");
  // A late retry (payment recovery) after staff shipped the order must not look like a lost race: that would refund it.
  if (!PAID_STATUSES.has(order.status)) throw graphError("CONFLICT", `This order is ${order.status} and cannot be paid`);
  return order;
}

/**
 * For the payments service, once a payment is refunded in full: a PAID order becomes REFUNDED and its stock goes
 * back on sale (through the outbox: products returns the units it sold). Idempotent: a REFUNDED order answers as it
 * is, and so does an order already past PAID in fulfilment (it keeps its status; only the payment shows REFUNDED) or
 * one cancelled before its late charge was refunded (its stock was released then). CONFLICT while it is PENDING:
 * its order.paid message is still on its way, and payments retries this one after it.
 */
export async function markOrderRefunded(context: LifecycleContext, orderId: string): Promise<Order> {
  const { checkout } = context;
  const { order, queued } = await changeForPayments(context, orderId, (prisma, id, userId) =>
    writesOf(checkout).markRefunded(prisma, id, userId, checkout.outboxLeaseMs),
  );
  await deliverQueued(context.prisma, checkout, queued);
  if (order.status === "PENDING") throw graphError("CONFLICT", "This order is not paid yet and cannot be refunded", { retryable: true });
  return order;
}
