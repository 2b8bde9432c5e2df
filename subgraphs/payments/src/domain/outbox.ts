// The payments service's outbox: "order.paid" tells the orders service a charge succeeded, at least once. When the
// order was cancelled or expired before the charge completed, the charge is refunded instead.
import { deliverOutbox, type OutboxHandlers } from "@shop/shared/outbox";
import { GraphQLError } from "graphql";
import type { Prisma, PrismaClient } from "../__generated__/prisma/client.ts";
import type { Checkout } from "../checkout.ts";

export interface OrderPaidMessage {
  orderId: string;
  userId: string;
  paymentId: string;
}

export async function enqueue(tx: Prisma.TransactionClient, message: OrderPaidMessage): Promise<string> {
  const row = await tx.outboxMessage.create({ data: { topic: "order.paid", payload: { ...message } }, select: { id: true } });
  return row.id;
}

export function paymentHandlers(prisma: PrismaClient, { orders, processor, logger }: Checkout): OutboxHandlers {
  return {
    "order.paid": async (payload) => {
      const { orderId, userId, paymentId } = payload as unknown as OrderPaidMessage;
      try {
        await orders.markOrderPaid(userId, orderId);
      } catch (error) {
        if (!(error instanceof GraphQLError && error.extensions.code === "CONFLICT")) throw error;
        // The order was cancelled or expired first: give the money back rather than keep it for nothing.
        const payment = await prisma.payment.findUniqueOrThrow({ where: { id: paymentId } });
        if (payment.status === "SUCCEEDED" && payment.chargeId) {
          await processor.refund({ chargeId: payment.chargeId, idempotencyKey: `refund:${payment.id}` });
          await prisma.payment.updateMany({
            where: { id: paymentId, status: "SUCCEEDED" },
            data: { status: "REFUNDED", failureReason: "The order was cancelled before the payment completed; the charge was refunded." },
          });
          logger.warn({ orderId, paymentId }, "charge refunded: the order was no longer payable");
        }
      }
    },
  };
}

/** Tries to deliver the given messages now (recovery retries any that fail). */
export async function deliverNow(prisma: PrismaClient, checkout: Checkout, ids: string[]): Promise<void> {
  if (checkout.faults.crashed) return;
  await deliverOutbox(prisma, paymentHandlers(prisma, checkout), checkout.logger, { ids }).catch((error: unknown) =>
    checkout.logger.warn({ err: error }, "immediate outbox delivery failed; recovery will retry"),
  );
}
