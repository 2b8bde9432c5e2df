// The orders service's outbox topics: stock to release or commit in the products service, delivered at least once.
// A writer queues its message in the same statement as the change that requires it, born claimed, and delivers
// it right after; the sweeper delivers whatever a writer could not (products down, or the process died first).
import { randomUUID } from "node:crypto";
import { claimedAtBirth, deliverClaimed, type OutboxHandlers, type OutboxMessage } from "@shop/shared/outbox";
import { Prisma, type PrismaClient } from "../__generated__/prisma/client.ts";
import type { Checkout } from "../checkout.ts";
import { NOW } from "./order-rows.ts";

export type StockTopic = "stock.release" | "stock.commit";

/**
 * SQL of a data-modifying CTE body: queues a `topic` message for the order of `source` (a CTE returning "id"
 * and "userId", at most one row: the message id is generated here), born claimed so no sweeper takes it while
 * its writer delivers it with deliverQueued. It returns what deliverQueued needs.
 */
export function queueClaimed(topic: StockTopic, source: string, checkout: Checkout): Prisma.Sql {
  return Prisma.sql`INSERT INTO "OutboxMessage" ("id", "topic", "payload", "attempts", "availableAt", "createdAt")
    SELECT ${randomUUID()}::uuid, ${topic}, jsonb_build_object('orderId', "id", 'userId', "userId"),
           ${Prisma.raw(claimedAtBirth(checkout.outboxLeaseMs))}, ${NOW}
    FROM ${Prisma.raw(`"${source}"`)}
    RETURNING "id", "topic", "payload", "attempts"`;
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

/** Delivers messages this request queued born claimed (one DELETE each); a failure is left to the sweeper. */
export async function deliverQueued(prisma: PrismaClient, checkout: Checkout, messages: readonly OutboxMessage[]): Promise<void> {
  // A "dead" process delivers nothing (fault injection): the restarted sweeper must do it once the lease ends.
  if (checkout.faults.crashed || messages.length === 0) return;
  await deliverClaimed(prisma, stockHandlers(checkout), checkout.logger, messages).catch((error: unknown) =>
    checkout.logger.warn({ err: error }, "immediate outbox delivery failed; the sweeper will retry"),
  );
}
