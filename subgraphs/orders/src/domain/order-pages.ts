// Paginated order lists (a shopper's history; staff lists reuse it with their filters): checked arguments, opaque
// cursors over (createdAt, id), one extra row fetched to learn whether more follow; totalCount only when asked.
import { decodeCursor, encodeCursor } from "@shop/shared/cursor";
import { badUserInput } from "@shop/shared/errors";
import { isUuid } from "@shop/shared/ids";
import type { Order, PrismaClient } from "../__generated__/prisma/client.ts";
import { type OrderFilter, type OrderSortKey, findOrderPage } from "../db/order-pages.ts";

export const DEFAULT_ORDER_PAGE_SIZE = 20;
export const MAX_ORDER_PAGE_SIZE = 100;

/** The arguments of a paginated order list as a client sent them. */
export interface OrderPageArgs {
  first?: number | null;
  after?: string | null;
}

/** One page, and the filter it was taken with (OrderConnection.totalCount counts the same orders). */
export interface OrderPage {
  edges: Array<{ cursor: string; node: Order }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  filter: OrderFilter;
}

export function encodeOrderCursor(order: OrderSortKey): string {
  return encodeCursor([order.createdAt.toISOString(), order.id]);
}

/** The sort key of a cursor this service issued; BAD_USER_INPUT naming `argument` for anything else. */
export function decodeOrderCursor(cursor: string, argument = "after"): OrderSortKey {
  const valid = ([createdAt, id]: string[]) => isUuid(id!) && !Number.isNaN(Date.parse(createdAt!)) && new Date(createdAt!).toISOString() === createdAt;
  const [createdAt, id] = decodeCursor(cursor, 2, valid, argument) as [string, string];
  return { createdAt: new Date(createdAt), id };
}

/** Checks `first` (1 to MAX_ORDER_PAGE_SIZE) and `after`; BAD_USER_INPUT naming the first bad one. */
export function parseOrderPageArgs(args: OrderPageArgs): { first: number; after: OrderSortKey | null } {
  const first = args.first ?? DEFAULT_ORDER_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_ORDER_PAGE_SIZE) throw badUserInput(`first must be between 1 and ${MAX_ORDER_PAGE_SIZE}`, "first");
  return { first, after: args.after == null ? null : decodeOrderCursor(args.after) };
}

/** The page of `filter`'s orders that `args` asks for, newest first. */
export async function orderPage(prisma: PrismaClient, filter: OrderFilter, args: OrderPageArgs): Promise<OrderPage> {
  const { first, after } = parseOrderPageArgs(args);
  const rows = await findOrderPage(prisma, filter, after, first + 1);
  const edges = rows.slice(0, first).map((node) => ({ cursor: encodeOrderCursor(node), node }));
  return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null }, filter };
}
