// Per-request DataLoaders: entity references and Order.payment for many orders become one query each. Plain SQL
// (packages/shared/src/sql.ts says why): every order shown with its payment runs them.
import { allEach, oneEach } from "@shop/shared/batch";
import type { Sql } from "@shop/shared/sql";
import DataLoader from "dataloader";
import type { Payment } from "./__generated__/prisma/client.ts";

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
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
