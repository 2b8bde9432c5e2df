// Demo payments for the payments database: one succeeded payment per demo order, charged in the simulated
// processor's ledger so staff can refund it (idempotent: creates only what is missing). Never in production.
import { type SeedOptions, seedId, seedOrders } from "@shop/shared/seed-data";
import type { PrismaClient } from "../../subgraphs/payments/src/__generated__/prisma/client.ts";

export async function seed(prisma: PrismaClient, { production }: SeedOptions = { production: false }): Promise<void> {
  // The demo payments pay the demo orders of the demo accounts, which production never has.
  if (production) return;
  for (const order of seedOrders) {
    const chargeId = seedId(`charge:${order.payment.id}`);
    await prisma.simulatedCharge.upsert({
      where: { idempotencyKey: order.payment.id },
      update: {},
      create: {
        id: chargeId,
        idempotencyKey: order.payment.id,
        amountCents: order.totalCents,
        currency: order.currency,
        paymentMethod: "pm_card_visa",
        createdAt: order.payment.createdAt,
      },
    });
    const exists = await prisma.payment.findUnique({ where: { id: order.payment.id }, select: { chargeId: true } });
    if (exists) {
      // Seeded before demo payments had a charge: give them theirs.
      if (!exists.chargeId) await prisma.payment.update({ where: { id: order.payment.id }, data: { chargeId, paymentMethod: "pm_card_visa" } });
      continue;
    }
    await prisma.payment.create({
      data: {
        id: order.payment.id,
        orderId: order.id,
        userId: order.userId,
        amountCents: order.totalCents,
        currency: order.currency,
        status: "SUCCEEDED",
        paymentMethod: "pm_card_visa",
        chargeId,
        createdAt: order.payment.createdAt,
        updatedAt: order.payment.createdAt,
      },
    });
  }
}
