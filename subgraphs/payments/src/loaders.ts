// Per-request DataLoaders: entity references and Order.payment for many orders become one query each.
import { allEach, oneEach } from "@shop/shared/batch";
import DataLoader from "dataloader";
import type { Payment, PrismaClient } from "./__generated__/prisma/client.ts";

export function createLoaders(prisma: PrismaClient) {
  return {
    /** A payment by id (lower-case UUID), or null. */
    payment: new DataLoader<string, Payment | null>(async (ids) =>
      oneEach(ids, await prisma.payment.findMany({ where: { id: { in: [...ids] } } }), (payment) => payment.id),
    ),
    /** Every payment attempt of an order (lower-case UUID), oldest first. */
    paymentsByOrder: new DataLoader<string, Payment[]>(async (orderIds) => {
      const payments = await prisma.payment.findMany({
        where: { orderId: { in: [...orderIds] } },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      });
      return allEach(orderIds, payments, (payment) => payment.orderId);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
