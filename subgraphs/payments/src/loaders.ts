// Per-request DataLoaders: entity references and Order.payment for many orders become one query each.
import DataLoader from "dataloader";
import type { Payment, PrismaClient } from "./__generated__/prisma/client.ts";

export function createLoaders(prisma: PrismaClient) {
  return {
    /** A payment by id (lower-case UUID), or null. */
    payment: new DataLoader<string, Payment | null>(async (ids) => {
      const payments = await prisma.payment.findMany({ where: { id: { in: [...ids] } } });
      const byId = new Map(payments.map((payment) => [payment.id, payment]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    /** Every payment attempt of an order (lower-case UUID), oldest first. */
    paymentsByOrder: new DataLoader<string, Payment[]>(async (orderIds) => {
      const payments = await prisma.payment.findMany({
        where: { orderId: { in: [...orderIds] } },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      });
      const byOrder = new Map<string, Payment[]>();
      for (const payment of payments) {
        const list = byOrder.get(payment.orderId);
        if (list) list.push(payment);
        else byOrder.set(payment.orderId, [payment]);
      }
      return orderIds.map((orderId) => byOrder.get(orderId) ?? []);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
