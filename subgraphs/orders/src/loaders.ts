// Per-request DataLoaders: entity references and list fields of many parents become one query each.
import { allEach, oneEach } from "@shop/shared/batch";
import DataLoader from "dataloader";
import type { Order, OrderItem, PrismaClient } from "./__generated__/prisma/client.ts";

/** How many orders User.orders returns at most (its @listSize in schema.graphql says the same). */
export const RECENT_ORDERS_LIMIT = 20;

/** Keys are lower-case UUIDs (callers check them first: a malformed id must never reach the UUID columns). */
export function createLoaders(prisma: PrismaClient) {
  const order = new DataLoader<string, Order | null>(async (ids) => {
    // An order still being placed (stock not yet reserved) is nobody's to see.
    return oneEach(ids, await prisma.order.findMany({ where: { id: { in: [...ids] }, placing: false } }), (row) => row.id);
  });

  /**
   * Each user's RECENT_ORDERS_LIMIT most recent orders, newest first (the id breaks ties so the order is stable): the
   * deprecated User.orders, bounded so no account's history makes one response huge. One query per user (a user
   * reads only their own list, so a batch holds one), each a range of the (userId, createdAt) index.
   */
  const ordersByUser = new DataLoader<string, Order[]>(async (userIds) =>
    Promise.all(
      userIds.map(async (userId) => {
        const orders = await prisma.order.findMany({
          where: { userId, placing: false },
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
          take: RECENT_ORDERS_LIMIT,
        });
        for (const row of orders) order.prime(row.id, row);
        return orders;
      }),
    ),
  );

  /** Each order's lines, in a stable order (by product id). */
  const itemsByOrder = new DataLoader<string, OrderItem[]>(async (orderIds) => {
    const items = await prisma.orderItem.findMany({
      where: { orderId: { in: [...orderIds] } },
      orderBy: [{ orderId: "asc" }, { productId: "asc" }],
    });
    return allEach(orderIds, items, (row) => row.orderId);
  });

  return { order, ordersByUser, itemsByOrder };
}

export type Loaders = ReturnType<typeof createLoaders>;
