// The payments service's outbox: "order.paid" tells the orders service a charge succeeded, and "order.refunded"
// that a payment was refunded in full, each at least once. When the order was cancelled or expired before its
// charge completed, the charge is refunded instead of marking the order paid.
import { deliverNow, type OutboxHandlers, type OutboxMessage } from "@shop/shared/outbox";
import { GraphQLError } from "graphql";
import type { PrismaClient } from "../__generated__/prisma/client.ts";
import type { CheckoutDependencies } from "../checkout-dependencies.ts";
import { ORDER_PAID, type OrderPaidMessage } from "../db/payments.ts";
import { ORDER_REFUNDED, type OrderRefundedMessage } from "../db/refunds.ts";
import { finishRefund } from "./refund-payment.ts";

const REFUNDED_REASON = "The order was cancelled before the payment completed; the charge was refunded.";

/** `onRefund` hears of each payment the handler refunds (its row changed after the writer last saw it). */
export function paymentHandlers(prisma: PrismaClient, checkout: CheckoutDependencies, onRefund?: (paymentId: string) => void): OutboxHandlers {
  const { orders, writes, logger } = checkout;
  return {
    [ORDER_PAID]: async (payload) => {
      const { orderId, userId, paymentId } = payload as unknown as OrderPaidMessage;
      try {
        await orders.markOrderPaid(userId, orderId);
      } catch (error) {
        if (!(error instanceof GraphQLError && error.extensions.code === "CONFLICT")) throw error;
        // The order was cancelled or expired first: give the money back rather than keep it for nothing, through
        // the refund flow (recorded before the processor is called; a refund left PENDING is finished by recovery).
        const payment = await writes.readPayment(prisma, paymentId);
        if (payment.status === "SUCCEEDED" && payment.chargeId) {
          const rest = { paymentId, amountCents: null, reason: REFUNDED_REASON, requestedBy: null, key: null, requestHash: null };
          const { refund } = await writes.insertPendingRefund(prisma, rest);
          if (refund) await finishRefund({ prisma, checkout }, refund, payment.chargeId);
          logger.warn({ orderId, paymentId }, "charge refunded: the order was no longer payable");
          onRefund?.(paymentId);
        }
      }
    },
    [ORDER_REFUNDED]: async (payload) => {
      // CONFLICT (the order is not PAID yet: its order.paid is still on its way) is retried with backoff.
      const { orderId, userId } = payload as unknown as OrderRefundedMessage;
      await orders.markOrderRefunded(userId, orderId);
    },
  };
}

/**
 * Delivers now the messages this process inserted already claimed (recovery retries any that fail). True when a
 * handler refunded a payment, so the caller's copy of that payment is out of date.
 */
export async function deliverPaid(prisma: PrismaClient, checkout: CheckoutDependencies, messages: readonly OutboxMessage[]): Promise<boolean> {
  let refunded = false;
  const handlers = paymentHandlers(prisma, checkout, () => {
    refunded = true;
  });
  await deliverNow(prisma, handlers, checkout, messages, "recovery");
  return refunded;
}

/** Delivers now the order.refunded message a refund inserted already claimed (recovery retries it if this fails). */
export function deliverRefunded(prisma: PrismaClient, checkout: CheckoutDependencies, messages: readonly OutboxMessage[]): Promise<void> {
  return deliverNow(prisma, paymentHandlers(prisma, checkout), checkout, messages, "recovery");
}
