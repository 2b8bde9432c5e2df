// Per-request DataLoaders: entity references and list fields of many parents become one query each.
import { allEach, oneEach } from "@shop/shared/batch";
import DataLoader from "dataloader";
import type { Order, OrderEvent, OrderItem, PrismaClient } from "./__generated__/prisma/client.ts";

/** Keys are lower-case UUIDs (callers check them first: a malformed id must never reach the UUID columns). */
export function createLoaders(prisma: PrismaClient) {
  const order = new DataLoader<string, Order | null>(async (ids) => {
    // An order still being placed (stock not yet reserved) is nobody's to see.
    return oneEach(ids, await prisma.order.findMany({ where: { id: { in: [...ids] }, placing: false } }), (row) => row.id);
  });

  /** Each user's orders, newest first (the id breaks ties so the order is stable). */
  const ordersByUser = new DataLoader<string, Order[]>(async (userIds) => {
    const orders = await prisma.order.findMany({
      where: { userId: { in: [...userIds] }, placing: false },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    });
    for (const row of orders) order.prime(row.id, row);
    return allEach(userIds, orders, (row) => row.userId);
  });

  /** Each order's lines, in a stable order (by product id). */
  const itemsByOrder = new DataLoader<string, OrderItem[]>(async (orderIds) => {
    const items = await prisma.orderItem.findMany({
      where: { orderId: { in: [...orderIds] } },
      orderBy: [{ orderId: "asc" }, { productId: "asc" }],
    });
    return allEach(orderIds, items, (row) => row.orderId);
  });

  /** Each order's recorded status changes, oldest first (staff only: Order.events checks the scope first). */
  const eventsByOrder = new DataLoader<string, OrderEvent[]>(async (orderIds) => {
    const events = await prisma.orderEvent.findMany({
      where: { orderId: { in: [...orderIds] } },
      orderBy: [{ orderId: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    });
    return allEach(orderIds, events, (row) => row.orderId);
  });

  return { order, ordersByUser, itemsByOrder, eventsByOrder };
}

export type Loaders = ReturnType<typeof createLoaders>;
