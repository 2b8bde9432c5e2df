// Per-request DataLoaders: entity references and list fields of many parents become one query each. Plain SQL
// (packages/shared/src/sql.ts says why): these run on every request that touches an order.
import { allEach, oneEach } from "@shop/shared/batch";
import type { Sql } from "@shop/shared/sql";
import DataLoader from "dataloader";
import type { Order, OrderEvent, OrderItem } from "./__generated__/prisma/client.ts";

/** Keys are lower-case UUIDs (callers check them first: a malformed id must never reach the UUID columns). */
export function createLoaders(sql: Sql) {
  // An order still being placed (stock not yet reserved) is nobody's to see.
  const order = new DataLoader<string, Order | null>(async (ids) =>
    oneEach(ids, await sql.query<Order>(`SELECT * FROM "Order" WHERE id = ANY($1::uuid[]) AND NOT "placing"`, [ids]), (row) => row.id),
  );

  /** Each user's orders, newest first (the id breaks ties so the order is stable). */
  const ordersByUser = new DataLoader<string, Order[]>(async (userIds) => {
    const orders = await sql.query<Order>(
      `SELECT * FROM "Order" WHERE "userId" = ANY($1::uuid[]) AND NOT "placing" ORDER BY "createdAt" DESC, id DESC`,
      [userIds],
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
