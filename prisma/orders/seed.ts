// Demo orders for the orders database, all PAID with their buyer's demo address, ready to ship (idempotent: creates
// only the orders that are missing).
import { isUniqueViolation } from "@shop/shared/db-errors";
import { type SeedOptions, seedOrders } from "@shop/shared/seed-data";
import type { PrismaClient } from "../../subgraphs/orders/src/__generated__/prisma/client.ts";
import { orderTotalCents } from "../../subgraphs/orders/src/domain/totals.ts";

export async function seed(prisma: PrismaClient, { production }: SeedOptions = { production: false }): Promise<void> {
  // The demo orders belong to the demo accounts, which production never has.
  if (production) return;
  for (const order of seedOrders) {
    const exists = await prisma.order.findUnique({ where: { id: order.id }, select: { id: true } });
    if (exists) continue;
    // The stored total is always computed from the lines, never copied, so the two cannot disagree.
    const totalCents = orderTotalCents(order.items);
    if (totalCents !== order.totalCents) throw new Error(`seed order ${order.id}: total ${order.totalCents} != sum of items ${totalCents}`);
    try {
      await prisma.order.create({
        data: {
          id: order.id,
          userId: order.userId,
          status: "PAID",
          totalCents,
          currency: order.currency,
          createdAt: order.createdAt,
          updatedAt: order.payment.createdAt,
          shippingAddress: { ...order.shippingAddress },
          items: { create: order.items.map(({ productId, quantity, unitPriceCents }) => ({ productId, quantity, unitPriceCents })) },
        },
      });
    } catch (error) {
      // Another replica seeding at the same moment created it first.
      if (!isUniqueViolation(error)) throw error;
    }
  }
}
