// Internal mutations for the orders service (stock reservations): @inaccessible in the supergraph, allowed to the
// orders service only (the allow-list in subgraph.ts, and again here), each for the reservation of the order its
// bound credential names and of the buyer it acts for.
import { requireService } from "@shop/shared/service-caller";
import { unauthenticated } from "@shop/shared/errors";
import type { Context } from "../context.ts";
import { commitReservation, releaseReservation, reserveStock, type StockLine } from "../domain/stock.ts";

function ordersServiceUser({ caller }: Context): string {
  requireService(caller, "orders");
  if (!caller.userId) throw unauthenticated();
  return caller.userId.toLowerCase();
}

export const Mutation = {
  reserveStock: (_: unknown, args: { orderId: string; items: StockLine[] }, context: Context) =>
    reserveStock(context.prisma, ordersServiceUser(context), args.orderId, args.items),
  releaseReservation: (_: unknown, args: { orderId: string }, context: Context) =>
    releaseReservation(context.prisma, ordersServiceUser(context), args.orderId),
  commitReservation: (_: unknown, args: { orderId: string }, context: Context) =>
    commitReservation(context.prisma, ordersServiceUser(context), args.orderId),
};
