// Per-request DataLoaders: entity references and list fields of many parents become one query each.
import DataLoader from "dataloader";
import type { Order, OrderItem, PrismaClient } from "./__generated__/prisma/client.ts";

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(key(row));
    if (group) group.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}

/** Keys are lower-case UUIDs (callers check them first: a malformed id must never reach the UUID columns). */
export function createLoaders(prisma: PrismaClient) {
  const order = new DataLoader<string, Order | null>(async (ids) => {
    // An order still being placed (stock not yet reserved) is nobody's to see.
    const orders = await prisma.order.findMany({ where: { id: { in: [...ids] }, placing: false } });
    const byId = new Map(orders.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  });

  /** Each user's orders, newest first (the id breaks ties so the order is stable). */
  const ordersByUser = new DataLoader<string, Order[]>(async (userIds) => {
    const orders = await prisma.order.findMany({
      where: { userId: { in: [...userIds] }, placing: false },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    });
    for (const row of orders) order.prime(row.id, row);
    const byUser = groupBy(orders, (row) => row.userId);
    return userIds.map((userId) => byUser.get(userId) ?? []);
  });

  /** Each order's lines, in a stable order (by product id). */
  const itemsByOrder = new DataLoader<string, OrderItem[]>(async (orderIds) => {
    const items = await prisma.orderItem.findMany({
      where: { orderId: { in: [...orderIds] } },
      orderBy: [{ orderId: "asc" }, { productId: "asc" }],
    });
    const byOrder = groupBy(items, (row) => row.orderId);
    return orderIds.map((orderId) => byOrder.get(orderId) ?? []);
  });

  return { order, ordersByUser, itemsByOrder };
}

export type Loaders = ReturnType<typeof createLoaders>;
