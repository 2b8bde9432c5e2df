// The sweeper's statements: each is a single conditional statement over rows claimed with SKIP LOCKED, so
// replicas share the work, and each row it changes gets its "stock.release" outbox message in the same statement.
import { UTC_NOW as NOW } from "@shop/shared/utc-now";
import type { PrismaClient } from "../__generated__/prisma/client.ts";
import { withReleaseMessage } from "./outbox.ts";

const due = (placing: boolean) =>
  `SELECT "id" FROM "Order" WHERE "status" = 'PENDING' AND "placing" = ${placing} AND "expiresAt" <= ${NOW}
   ORDER BY "expiresAt" LIMIT 100 FOR UPDATE SKIP LOCKED`;

/** The expiry's OrderEvent: made by the orders service itself (no user), in the same statement. */
const loggedExpiry = `, logged AS (
    INSERT INTO "OrderEvent" ("id", "orderId", "fromStatus", "toStatus", "actorId", "actorService", "details", "createdAt")
    SELECT gen_random_uuid(), "id", 'PENDING', 'CANCELLED', NULL, 'orders', '{"reason":"expired"}', ${NOW} FROM changed
  )`;

/** Expires unpaid orders past their time: CANCELLED, stock released, the move recorded. Returns how many. */
export function expireOrders(prisma: PrismaClient): Promise<number> {
  return prisma.$executeRawUnsafe(
    withReleaseMessage(
      `UPDATE "Order" SET "status" = 'CANCELLED', "updatedAt" = ${NOW}
      WHERE "id" IN (${due(false)}) AND "status" = 'PENDING' RETURNING "id", "userId"`,
      loggedExpiry,
    ),
  );
}

/** Removes shells of placements that crashed or failed midway (and their keys); products releases anything held. */
export function removeAbandonedShells(prisma: PrismaClient): Promise<number> {
  return prisma.$executeRawUnsafe(withReleaseMessage(`DELETE FROM "Order" WHERE "id" IN (${due(true)}) AND "placing" RETURNING "id", "userId"`));
}

/** Deletes idempotency keys created before `before`; returns how many. */
export async function pruneIdempotencyKeys(prisma: PrismaClient, before: Date): Promise<number> {
  const { count } = await prisma.idempotencyKey.deleteMany({ where: { createdAt: { lt: before } } });
  return count;
}
