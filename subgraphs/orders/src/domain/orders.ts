// Reading orders: a buyer sees their own orders, staff (orders:manage) see any, and nobody else learns that an
// order exists.
import { forbidden, notFound } from "@shop/shared/errors";
import type { Caller } from "@shop/shared/identity";
import { isUuid, requireUuid } from "@shop/shared/ids";
import { SCOPES } from "@shop/shared/scopes";
import { requireScope } from "@shop/shared/service-caller";
import type { Order, OrderEvent, PrismaClient } from "../__generated__/prisma/client.ts";
import type { Loaders } from "../loaders.ts";
import { type OrderPage, type OrderPageArgs, orderPage } from "./order-pages.ts";
import { isUser, mayReadOrderOf, requireUser } from "./access.ts";

/** What a read needs: the caller and the request's loaders (the resolvers' context fits). */
export interface OrderReader {
  caller: Caller;
  loaders: Pick<Loaders, "order" | "ordersByUser" | "eventsByOrder">;
}

/** One of the caller's orders (staff: any). UNAUTHENTICATED, BAD_USER_INPUT for a malformed id, NOT_FOUND for someone else's. */
export async function ownOrder({ caller, loaders }: OrderReader, id: string): Promise<Order> {
  requireUser(caller);
  const order = await loaders.order.load(requireUuid(id));
  // Another user's order answers exactly like a missing one, so ids cannot be probed.
  if (!order || !mayReadOrderOf(caller, order.userId)) throw notFound("Order");
  return order;
}

/** An order another subgraph refers to: the caller's own (staff: any), or null (anonymous, malformed, unknown, someone else's). */
export async function orderReference({ caller, loaders }: OrderReader, id: string): Promise<Order | null> {
  if (!caller.userId || !isUuid(id)) return null;
  const order = await loaders.order.load(id.toLowerCase());
  return order && mayReadOrderOf(caller, order.userId) ? order : null;
}

/** The rule of every list of a user's orders: only that user may read them (UNAUTHENTICATED, FORBIDDEN). */
function requireOwnList(caller: Caller, userId: string): void {
  requireUser(caller);
  if (!isUser(caller, userId)) throw forbidden("You can only see your own orders");
}

/** A user's orders, newest first; only that user may read them (UNAUTHENTICATED, FORBIDDEN). */
export async function ordersOfUser({ caller, loaders }: OrderReader, userId: string): Promise<Order[]> {
  requireOwnList(caller, userId);
  // A non-UUID user id cannot own orders, and must not reach the UUID column.
  return isUuid(userId) ? loaders.ordersByUser.load(userId.toLowerCase()) : [];
}

/** One page of a user's orders, newest first; only that user may read them (UNAUTHENTICATED, FORBIDDEN, BAD_USER_INPUT). */
export async function orderHistoryOfUser({ caller, prisma }: { caller: Caller; prisma: PrismaClient }, userId: string, args: OrderPageArgs): Promise<OrderPage> {
  requireOwnList(caller, userId);
  // Checked for the caller above, so the id is the caller's own, a UUID.
  return orderPage(prisma, { userId: userId.toLowerCase() }, args);
}

/** An order's recorded status changes, oldest first: staff only (UNAUTHENTICATED; FORBIDDEN, for the buyer too). */
export function orderEvents({ caller, loaders }: OrderReader, orderId: string): Promise<OrderEvent[]> {
  requireScope(caller, SCOPES.ordersManage);
  return loaders.eventsByOrder.load(orderId);
}
