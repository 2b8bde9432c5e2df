// Per-request DataLoaders: entity references, Order.payment and Payment.refunds for many become one query each.
import { allEach, oneEach } from "@shop/shared/batch";
import DataLoader from "dataloader";
import { Prisma, type Payment, type PrismaClient, type Refund } from "./__generated__/prisma/client.ts";
import { MAX_LISTED_REFUNDS } from "./db/refunds.ts";

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
    /** A payment's refunds (lower-case UUID), newest first, at most MAX_LISTED_REFUNDS each. */
    refundsByPayment: new DataLoader<string, Refund[]>(async (paymentIds) => {
      // One query for every payment: each payment's newest refunds, bounded per payment (a window function).
      const refunds = await prisma.$queryRaw<Refund[]>`
        SELECT * FROM (
          SELECT r.*, row_number() OVER (PARTITION BY r."paymentId" ORDER BY r."createdAt" DESC, r."id" DESC) AS "rank"
          FROM "Refund" r WHERE r."paymentId" IN (${Prisma.join(paymentIds.map((id) => Prisma.sql`${id}::uuid`))})
        ) ranked WHERE "rank" <= ${MAX_LISTED_REFUNDS}
        ORDER BY "createdAt" DESC, "id" DESC`;
      return allEach(paymentIds, refunds, (refund) => refund.paymentId);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
