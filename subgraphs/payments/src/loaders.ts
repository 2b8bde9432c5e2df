// Per-request DataLoaders: entity references, Order.payment and Payment.refunds for many become one query each.
// Plain SQL (packages/shared/src/sql.ts says why): every order shown with its payment runs them.
import { allEach, oneEach } from "@shop/shared/batch";
import type { Sql } from "@shop/shared/sql";
import DataLoader from "dataloader";
import type { Payment, Refund } from "./__generated__/prisma/client.ts";
import { MAX_LISTED_REFUNDS } from "./db/refunds.ts";

export function createLoaders(sql: Sql) {
  return {
    /** A payment by id (lower-case UUID), or null. */
    payment: new DataLoader<string, Payment | null>(async (ids) =>
      oneEach(ids, await sql.query<Payment>(`SELECT * FROM "Payment" WHERE id = ANY($1::uuid[])`, [ids]), (payment) => payment.id),
    ),
    /** Every payment attempt of an order (lower-case UUID), oldest first. */
    paymentsByOrder: new DataLoader<string, Payment[]>(async (orderIds) => {
      const payments = await sql.query<Payment>(`SELECT * FROM "Payment" WHERE "orderId" = ANY($1::uuid[]) ORDER BY "createdAt", id`, [orderIds]);
      return allEach(orderIds, payments, (payment) => payment.orderId);
    }),
    /** A payment's refunds (lower-case UUID), newest first, at most MAX_LISTED_REFUNDS each. */
    refundsByPayment: new DataLoader<string, Refund[]>(async (paymentIds) => {
      // One query for every payment: each payment's newest refunds, bounded per payment (a window function).
      const refunds = await sql.query<Refund>(
        `SELECT * FROM (
           SELECT r.*, row_number() OVER (PARTITION BY r."paymentId" ORDER BY r."createdAt" DESC, r."id" DESC) AS "rank"
           FROM "Refund" r WHERE r."paymentId" = ANY($1::uuid[])
         ) ranked WHERE "rank" <= $2
         ORDER BY "createdAt" DESC, "id" DESC`,
        [paymentIds, MAX_LISTED_REFUNDS],
      );
      return allEach(paymentIds, refunds, (refund) => refund.paymentId);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
