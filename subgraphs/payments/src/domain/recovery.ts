// Payments recovery, at start and periodically on every replica: finishes payments a crashed or timed-out request
// left PENDING (the processor's idempotency key makes a repeated charge harmless), then delivers the outbox.
import { deliverOutbox } from "@shop/shared/outbox";
import type { PrismaClient } from "../__generated__/prisma/client.ts";
import type { Checkout } from "../checkout.ts";
import { paymentHandlers } from "./outbox.ts";
import { finishPayment } from "./pay-order.ts";

export async function recoverPayments(prisma: PrismaClient, checkout: Checkout): Promise<void> {
  const stale = await prisma.payment.findMany({
    where: { status: "PENDING", updatedAt: { lte: new Date(Date.now() - checkout.staleAfterSeconds * 1000) } },
    orderBy: { updatedAt: "asc" },
    take: 50,
  });
  let finished = 0;
  for (const payment of stale) {
    try {
      await finishPayment({ prisma, checkout }, payment, "recovery");
      finished++;
    } catch (error) {
      checkout.logger.warn({ err: error, paymentId: payment.id }, "could not finish a pending payment yet");
    }
  }
  const handlers = paymentHandlers(prisma, checkout);
  const deliver = () => deliverOutbox(prisma, handlers, checkout.logger, { leaseMs: checkout.outboxLeaseMs });
  let delivered = 0;
  for (let batch = await deliver(); batch > 0; batch = await deliver()) delivered += batch;
  if (finished || delivered) checkout.logger.info({ finished, delivered }, "payments recovery");
}
