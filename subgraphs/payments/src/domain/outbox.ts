// The payments service's outbox: "order.paid" tells the orders service a charge succeeded, at least once. When the
// order was cancelled or expired before the charge completed, the charge is refunded instead.
import { deliverNow, type OutboxHandlers, type OutboxMessage } from "@shop/shared/outbox";
import { GraphQLError } from "graphql";
import type { PrismaClient } from "../__generated__/prisma/client.ts";
import type { CheckoutDependencies } from "../checkout-dependencies.ts";
import { ORDER_PAID, type OrderPaidMessage } from "../db/payments.ts";

const REFUNDED_REASON = "The order was cancelled before the payment completed; the charge was refunded.";

/** `onRefund` hears of each payment the handler refunds (its row changed after the writer last saw it). */
export function paymentHandlers(prisma: PrismaClient, { orders, processor, writes, logger }: CheckoutDependencies, onRefund?: (paymentId: string) => void): OutboxHandlers {
  return {
    [ORDER_PAID]: async (payload) => {
      const { orderId, userId, paymentId } = payload as unknown as OrderPaidMessage;
      try {
        await orders.markOrderPaid(userId, orderId);
      } catch (error) {
        if (!(error instanceof GraphQLError && error.extensions.code === "CONFLICT")) throw error;
        // The order was cancelled or expired first: give the money back rather than keep it for nothing.
        const payment = await writes.readPayment(prisma, paymentId);
        if (payment.status === "SUCCEEDED" && payment.chargeId) {
          await processor.refund({ chargeId: payment.chargeId, idempotencyKey: `refund:${payment.id}` });
          await writes.markRefunded(prisma, paymentId, REFUNDED_REASON);
          logger.warn({ orderId, paymentId }, "charge refunded: the order was no longer payable");
          onRefund?.(paymentId);
        }
      }
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
