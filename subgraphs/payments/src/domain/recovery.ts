// Payments recovery, at start and periodically on every replica: finishes payments and refunds a crashed or
// timed-out request left PENDING (the processor's idempotency keys make a repeated charge or refund harmless),
// delivers the outbox, and prunes old idempotency keys.
import { deliverOutbox } from "@shop/shared/outbox";
import type { PrismaClient } from "../__generated__/prisma/client.ts";
import type { CheckoutDependencies } from "../checkout-dependencies.ts";
import { paymentHandlers } from "./outbox.ts";
import { finishPayment } from "./pay-order.ts";
import { finishRefund } from "./refund-payment.ts";

/**
 * How long a client's payOrder idempotency key is kept (as the orders service keeps placeOrder's): a retry within it
 * replays the payment; after it the key is forgotten, and a payment of an order already paid is still refused.
 */
export const PAYMENT_KEY_RETENTION_HOURS = 24;

export async function recoverPayments(prisma: PrismaClient, checkout: CheckoutDependencies): Promise<void> {
  const { writes, logger } = checkout;
  const stale = await writes.stalePending(prisma, new Date(Date.now() - checkout.staleAfterSeconds * 1000), 50);
  let finished = 0;
  for (const payment of stale) {
    try {
      await finishPayment({ prisma, checkout }, payment, "recovery");
      finished++;
    } catch (error) {
      logger.warn({ err: error, paymentId: payment.id }, "could not finish a pending payment yet");
    }
  }
  const staleRefunds = await writes.stalePendingRefunds(prisma, new Date(Date.now() - checkout.staleAfterSeconds * 1000), 50);
  for (const refund of staleRefunds) {
    try {
      await finishRefund({ prisma, checkout }, refund, await writes.chargeOf(prisma, refund.paymentId));
      finished++;
    } catch (error) {
      logger.warn({ err: error, refundId: refund.id }, "could not finish a pending refund yet");
    }
  }
  const handlers = paymentHandlers(prisma, checkout);
  const deliver = () => deliverOutbox(prisma, handlers, logger, { leaseMs: checkout.outboxLeaseMs });
  let delivered = 0;
  for (let batch = await deliver(); batch > 0; batch = await deliver()) delivered += batch;
  const pruned = await writes.prunePaymentRequests(prisma, new Date(Date.now() - PAYMENT_KEY_RETENTION_HOURS * 3_600_000));
  if (finished || delivered || pruned) logger.info({ finished, delivered, prunedKeys: pruned }, "payments recovery");
}
