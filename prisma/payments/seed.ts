// Demo payments for the payments database: one succeeded payment per demo order (idempotent: creates only what is missing).
import { type SeedOptions, seedOrders } from "@shop/shared/seed-data";
import type { PrismaClient } from "../../subgraphs/payments/src/__generated__/prisma/client.ts";

export async function seed(prisma: PrismaClient, { production }: SeedOptions = { production: false }): Promise<void> {
  // The demo payments pay the demo orders of the demo accounts, which production never has.
  if (production) return;
  for (const order of seedOrders) {
    const exists = await prisma.payment.findUnique({ where: { id: order.payment.id }, select: { id: true } });
    if (exists) continue;
    await prisma.payment.create({
      data: {
        id: order.payment.id,
        orderId: order.id,
        userId: order.userId,
        amountCents: order.totalCents,
        currency: order.currency,
        status: "SUCCEEDED",
        createdAt: order.payment.createdAt,
        updatedAt: order.payment.createdAt,
      },
    });
  }
}
