// After placement: the buyer cancels a pending order; the payments service starts a payment and marks the order paid.
// Each status change is a conditional update (only from PENDING), so cancel, expiry and payment cannot both win.
import { forbidden, graphError, notFound } from "@shop/shared/errors";
import { requireUuid } from "@shop/shared/ids";
import { requireService } from "@shop/shared/service-caller";
import type { Caller } from "@shop/shared/identity";
import type { Order, PrismaClient } from "../__generated__/prisma/client.ts";
import type { Checkout } from "../checkout.ts";
import { requireUser } from "./access.ts";
import { deliverNow, enqueue } from "./outbox.ts";

export interface LifecycleContext {
  prisma: PrismaClient;
  caller: Caller;
  checkout: Checkout;
}

async function visibleOrder(prisma: PrismaClient, id: string): Promise<Order | null> {
  return prisma.order.findFirst({ where: { id, placing: false } });
}

/** Cancels one of the caller's PENDING orders and gives its stock back. NOT_FOUND for someone else's, CONFLICT unless PENDING. */
export async function cancelOrder({ prisma, caller, checkout }: LifecycleContext, orderId: string): Promise<Order> {
  const userId = requireUser(caller);
  const id = requireUuid(orderId, "orderId");
  const order = await visibleOrder(prisma, id);
  if (!order || order.userId !== userId) throw notFound("Order");
  const messageId = await prisma.$transaction(async (tx) => {
    const { count } = await tx.order.updateMany({ where: { id, status: "PENDING", placing: false }, data: { status: "CANCELLED" } });
    return count === 1 ? enqueue(tx, "stock.release", { orderId: id, userId }) : null;
  });
  if (!messageId) {
    const current = await visibleOrder(prisma, id);
    throw graphError("CONFLICT", `Only a pending order can be cancelled; this one is ${current?.status ?? "gone"}`);
  }
  await deliverNow(prisma, checkout, [messageId]);
  return (await visibleOrder(prisma, id))!;
}

/** An order as the payments service asks for it: only that service, for the order's buyer (NOT_FOUND, FORBIDDEN). */
async function orderForPayments({ prisma, caller }: LifecycleContext, orderId: string): Promise<Order> {
  requireService(caller, "payments");
  const userId = requireUser(caller);
  const order = await visibleOrder(prisma, requireUuid(orderId, "orderId"));
  if (!order) throw notFound("Order");
  if (order.userId !== userId) throw forbidden("You can only pay for your own orders");
  return order;
}

/**
 * For the payments service, before it charges: the order to pay (amount, currency, status, owner). A PENDING
 * order is kept from expiring for the payment grace period so a charge in progress is not overtaken by expiry.
 * NOT_FOUND for an unknown order, FORBIDDEN when the buyer is not the caller.
 */
export async function beginOrderPayment(context: LifecycleContext, orderId: string): Promise<Order> {
  const { prisma, checkout } = context;
  const order = await orderForPayments(context, orderId);
  const id = order.id;
  if (order.status !== "PENDING") return order;
  const graceUntil = new Date(Date.now() + checkout.paymentGraceSeconds * 1000);
  await prisma.order.updateMany({
    where: { id, status: "PENDING", OR: [{ expiresAt: null }, { expiresAt: { lt: graceUntil } }] },
    data: { expiresAt: graceUntil },
  });
  return (await visibleOrder(prisma, id))!;
}

/**
 * For the payments service, after a successful charge: the order becomes PAID and its stock final (through the
 * outbox). Idempotent: an order already PAID answers as it is. CONFLICT when the order was cancelled or expired
 * first (the payments service then refunds the charge).
 */
export async function markOrderPaid(context: LifecycleContext, orderId: string): Promise<Order> {
  const { prisma, checkout } = context;
  const { id, userId } = await orderForPayments(context, orderId);
  const messageId = await prisma.$transaction(async (tx) => {
    const { count } = await tx.order.updateMany({ where: { id, status: "PENDING", placing: false }, data: { status: "PAID", expiresAt: null } });
    return count === 1 ? enqueue(tx, "stock.commit", { orderId: id, userId }) : null;
  });
  checkout.faults.reach("orders:after-paid");
  if (messageId) await deliverNow(prisma, checkout, [messageId]);
  const current = (await visibleOrder(prisma, id))!;
  if (current.status !== "PAID") throw graphError("CONFLICT", `This order is ${current.status} and cannot be paid`);
  return current;
}
