// What a shopper holds in unpaid orders (the caps of domain/order-caps.ts are checked against it), and the
// per-shopper lock under which an order is completed, so concurrent placements are checked one after another.
import type { PrismaClient } from "../__generated__/prisma/client.ts";

export interface Holdings {
  /** Completed, unpaid orders (placing shells are not orders yet). */
  pendingOrders: number;
  /** Units held by those orders, by product id. */
  unitsByProduct: Map<string, number>;
}

/** One statement; uses the (userId, createdAt) index for the user's orders and the items' orderId index. */
export async function holdingsOf(prisma: PrismaClient, userId: string): Promise<Holdings> {
  const [row] = await prisma.$queryRaw<Array<{ pendingOrders: number; unitsByProduct: Record<string, number> }>>`
    WITH pending AS (
      SELECT "id" FROM "Order" WHERE "userId" = ${userId}::uuid AND "status" = 'PENDING'::"OrderStatus" AND NOT "placing"
    ), units AS (
      SELECT i."productId"::text AS "productId", sum(i."quantity")::int AS "units"
      FROM "OrderItem" i JOIN pending p ON p."id" = i."orderId" GROUP BY i."productId"
    )
    SELECT (SELECT count(*)::int FROM pending) AS "pendingOrders",
           COALESCE((SELECT jsonb_object_agg("productId", "units") FROM units), '{}'::jsonb) AS "unitsByProduct"`;
  return { pendingOrders: row?.pendingOrders ?? 0, unitsByProduct: new Map(Object.entries(row?.unitsByProduct ?? {})) };
}

/**
 * Runs `work` in a transaction holding the shopper's advisory lock: two placements of one shopper (on any replica)
 * complete one after the other, each seeing what the other committed. Throwing in `work` rolls it back.
 */
export function underShopperLock<T>(prisma: PrismaClient, userId: string, work: (tx: PrismaClient) => Promise<T>): Promise<T> {
  return prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 AS "locked" FROM pg_advisory_xact_lock(hashtextextended(${`orders:shopper:${userId}`}, 0))`;
    return work(tx as PrismaClient);
  });
}
