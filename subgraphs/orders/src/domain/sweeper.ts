// The orders sweeper, run periodically by every replica: expires unpaid orders (releasing their stock through
// the outbox), removes shells of placements that never completed, prunes old idempotency keys, and delivers the
// outbox. Each step is a single conditional statement over rows claimed with SKIP LOCKED, so replicas share the work.
import { deliverOutbox } from "@shop/shared/outbox";
import { UTC_NOW as NOW } from "@shop/shared/utc-now";
import type { PrismaClient } from "../__generated__/prisma/client.ts";
import type { Checkout } from "../checkout.ts";
import { stockHandlers } from "./outbox.ts";

export const IDEMPOTENCY_KEY_RETENTION_HOURS = 24;

/** Each row changed here gets a "stock.release" outbox message in the same statement, so none is lost. */
const withReleaseMessage = (changed: string) => `
  WITH changed AS (${changed})
  INSERT INTO "OutboxMessage" ("id", "topic", "payload", "availableAt", "createdAt")
  SELECT gen_random_uuid(), 'stock.release', jsonb_build_object('orderId', "id", 'userId', "userId"), ${NOW}, ${NOW} FROM changed`;

const due = (placing: boolean) =>
  `SELECT "id" FROM "Order" WHERE "status" = 'PENDING' AND "placing" = ${placing} AND "expiresAt" <= ${NOW}
   ORDER BY "expiresAt" LIMIT 100 FOR UPDATE SKIP LOCKED`;

/** Expires unpaid orders past their time: CANCELLED, stock released. Returns how many. */
export function expireOrders(prisma: PrismaClient): Promise<number> {
  return prisma.$executeRawUnsafe(
    withReleaseMessage(`UPDATE "Order" SET "status" = 'CANCELLED', "updatedAt" = ${NOW}
      WHERE "id" IN (${due(false)}) AND "status" = 'PENDING' RETURNING "id", "userId"`),
  );
}

/** Removes shells of placements that crashed or failed midway (and their keys); products releases anything held. */
export function removeAbandonedShells(prisma: PrismaClient): Promise<number> {
  return prisma.$executeRawUnsafe(withReleaseMessage(`DELETE FROM "Order" WHERE "id" IN (${due(true)}) AND "placing" RETURNING "id", "userId"`));
}

export async function sweep(prisma: PrismaClient, checkout: Checkout): Promise<void> {
  const expired = await expireOrders(prisma);
  const removed = await removeAbandonedShells(prisma);
  const pruned = await prisma.idempotencyKey.deleteMany({
    where: { createdAt: { lt: new Date(Date.now() - IDEMPOTENCY_KEY_RETENTION_HOURS * 3_600_000) } },
  });
  let delivered = 0;
  const deliver = () => deliverOutbox(prisma, stockHandlers(checkout), checkout.logger, { leaseMs: checkout.outboxLeaseMs });
  for (let batch = await deliver(); batch > 0; batch = await deliver()) delivered += batch;
  if (expired || removed || pruned.count || delivered) {
    checkout.logger.info({ expired, removed, prunedKeys: pruned.count, delivered }, "orders sweep");
  }
}
