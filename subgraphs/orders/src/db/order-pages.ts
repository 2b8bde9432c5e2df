// Keyset pages of orders, newest first: `WHERE <filter> AND NOT placing AND (createdAt, id) < cursor ORDER BY createdAt
// DESC, id DESC LIMIT n + 1` (a shopper's pages walk the (userId, createdAt) index, staff lists (status, createdAt)
// or (createdAt, id)), and the count of a filter.
import type { Order, OrderStatus, Prisma, PrismaClient } from "../__generated__/prisma/client.ts";

/**
 * Which orders a list shows: one buyer's, one status, placed in a time range (from `placedAfter` inclusive to
 * `placedBefore` exclusive), any combination (staff lists); never orders still being placed.
 */
export interface OrderFilter {
  userId?: string;
  status?: OrderStatus;
  placedAfter?: Date;
  placedBefore?: Date;
}

/** Where an order sits in newest-first order: by creation time, then by id to break ties. */
export interface OrderSortKey {
  createdAt: Date;
  id: string;
}

function matching(filter: OrderFilter): Prisma.OrderWhereInput {
  const placed = filter.placedAfter || filter.placedBefore ? { createdAt: { gte: filter.placedAfter, lt: filter.placedBefore } } : {};
  return { placing: false, ...(filter.userId ? { userId: filter.userId } : {}), ...(filter.status ? { status: filter.status } : {}), ...placed };
}

function before(after: OrderSortKey | null): Prisma.OrderWhereInput {
  if (!after) return {};
  // The redundant `createdAt <= cursor` gives the index scan a start: the OR alone would only filter.
  return { createdAt: { lte: after.createdAt }, OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] };
}

/** Up to `take` orders strictly after `after` in newest-first order. */
export function findOrderPage(prisma: PrismaClient, filter: OrderFilter, after: OrderSortKey | null, take: number): Promise<Order[]> {
  return prisma.order.findMany({
    where: { AND: [matching(filter), before(after)] },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
  });
}

/** How many orders the filter matches across all pages. */
export function countOrders(prisma: PrismaClient, filter: OrderFilter): Promise<number> {
  return prisma.order.count({ where: matching(filter) });
}
