// The orders service's outbox topics: stock to release or commit in the products service, delivered at least once.
import { deliverOutbox, type OutboxHandlers } from "@shop/shared/outbox";
import type { Prisma, PrismaClient } from "../__generated__/prisma/client.ts";
import type { Checkout } from "../checkout.ts";

export type StockTopic = "stock.release" | "stock.commit";

export interface StockMessage {
  orderId: string;
  userId: string;
}

/** Queues a message inside the caller's transaction; returns its id. */
export async function enqueue(tx: Prisma.TransactionClient, topic: StockTopic, message: StockMessage): Promise<string> {
  const row = await tx.outboxMessage.create({ data: { topic, payload: { ...message } }, select: { id: true } });
  return row.id;
}

export function stockHandlers({ products }: Checkout): OutboxHandlers {
  return {
    "stock.release": async (payload) => {
      await products.release(String(payload.userId), String(payload.orderId));
    },
    "stock.commit": async (payload) => {
      await products.commit(String(payload.userId), String(payload.orderId));
    },
  };
}

/** Tries to deliver the given messages now (the sweeper retries any that fail). */
export async function deliverNow(prisma: PrismaClient, checkout: Checkout, ids: string[]): Promise<void> {
  if (checkout.faults.crashed) return;
  await deliverOutbox(prisma, stockHandlers(checkout), checkout.logger, { ids }).catch((error: unknown) =>
    checkout.logger.warn({ err: error }, "immediate outbox delivery failed; the sweeper will retry"),
  );
}
