// Per-request DataLoaders: entity references and list fields of many parents become one query each. Plain SQL
// (packages/shared/src/sql.ts says why): these run on every request that touches an order.
import { allEach, oneEach } from "@shop/shared/batch";
import type { Sql } from "@shop/shared/sql";
import DataLoader from "dataloader";
import type { Order, OrderEvent, OrderItem } from "./__generated__/prisma/client.ts";

/** How many orders User.orders returns at most (its @listSize in schema.graphql says the same). */
export const RECENT_ORDERS_LIMIT = 20;

/** Keys are lower-case UUIDs (callers check them first: a malformed id must never reach the UUID columns). */
export function createLoaders(sql: Sql) {
  // An order still being placed (stock not yet reserved) is nobody's to see.
  const order = new DataLoader<string, Order | null>(async (ids) =>
    oneEach(ids, await sql.query<Order>(`SELECT * FROM "Order" WHERE id = ANY($1::uuid[]) AND NOT "placing"`, [ids]), (row) => row.id),
  );

  /**
   * Each user's RECENT_ORDERS_LIMIT most recent orders, newest first (the id breaks ties so the order is stable): the
   * deprecated User.orders, bounded so no account's history makes one response huge. One query for the whole batch
   * (a window per user over the (userId, createdAt) index).
   */
  const ordersByUser = new DataLoader<string, Order[]>(async (userIds) => {
    const orders = await sql.query<Order>(
      `SELECT * FROM (
         SELECT o.*, row_number() OVER (PARTITION BY o."userId" ORDER BY o."createdAt" DESC, o.id DESC) AS "recent"
         FROM "Order" o WHERE o."userId" = ANY($1::uuid[]) AND NOT o."placing"
       ) ranked WHERE "recent" <= $2 ORDER BY "createdAt" DESC, id DESC`,
      [userIds, RECENT_ORDERS_LIMIT],
    );
    for (const row of orders) order.prime(row.id, row);
    return allEach(userIds, orders, (row) => row.userId);
  });

  /** Each order's lines, in a stable order (by product id). */
  const itemsByOrder = new DataLoader<string, OrderItem[]>(async (orderIds) => {
    const items = await sql.query<OrderItem>(`SELECT * FROM "OrderItem" WHERE "orderId" = ANY($1::uuid[]) ORDER BY "orderId", "productId"`, [orderIds]);
    return allEach(orderIds, items, (row) => row.orderId);
  });

  /** Each order's recorded status changes, oldest first (staff only: Order.events checks the scope first). */
  const eventsByOrder = new DataLoader<string, OrderEvent[]>(async (orderIds) => {
    const events = await sql.query<OrderEvent>(`SELECT * FROM "OrderEvent" WHERE "orderId" = ANY($1::uuid[]) ORDER BY "orderId", "createdAt", id`, [orderIds]);
    return allEach(orderIds, events, (row) => row.orderId);
  });

  return { order, ordersByUser, itemsByOrder, eventsByOrder };
}

export type Loaders = ReturnType<typeof createLoaders>;
