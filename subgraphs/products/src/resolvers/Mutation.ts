// Internal mutations for the orders service (stock reservations): @inaccessible in the supergraph, and refused
// here unless the orders service signed the call.
import { requireService } from "@shop/shared/service-caller";
import { unauthenticated } from "@shop/shared/errors";
import type { Context } from "../context.ts";
import { commitReservation, releaseReservation, reserveStock, returnStock, type StockLine } from "../domain/stock.ts";

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
  commitReservation: (_: unknown, args: { orderId: string }, context: Context) => {
    ordersServiceUser(context);
    return commitReservation(context.prisma, args.orderId);
  },
  returnStock: (_: unknown, args: { orderId: string }, context: Context) =>
    returnStock(context.prisma, ordersServiceUser(context), args.orderId),
};
