// Staff catalogue changes (catalog:write, checked again in the domain), and the internal mutations for the orders
// service (stock reservations): @inaccessible in the supergraph, allowed to the orders service only (the allow-list
// in subgraph.ts, and again here), each for the reservation of the order its bound credential names and of the
// buyer it acts for.
import { requireService } from "@shop/shared/service-caller";
import { unauthenticated } from "@shop/shared/errors";
import type { Context } from "../context.ts";
import { adjustStock, archiveProduct, createProduct, updateProduct } from "../domain/catalog-management.ts";
import type { CreateProductArgs, UpdateProductArgs } from "../domain/product-input.ts";
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
  commitReservation: (_: unknown, args: { orderId: string }, context: Context) =>
    commitReservation(context.prisma, ordersServiceUser(context), args.orderId),
  returnStock: (_: unknown, args: { orderId: string }, context: Context) =>
    returnStock(context.prisma, ordersServiceUser(context), args.orderId),
  createProduct: (_: unknown, args: { input: CreateProductArgs }, { prisma, caller }: Context) => createProduct(prisma, caller, args.input),
  updateProduct: (_: unknown, args: { id: string; input: UpdateProductArgs }, { prisma, caller }: Context) =>
    updateProduct(prisma, caller, args.id, args.input),
  adjustStock: (_: unknown, args: { id: string; delta: number; reason: string }, { prisma, caller }: Context) =>
    adjustStock(prisma, caller, args.id, args.delta, args.reason),
  archiveProduct: (_: unknown, args: { id: string }, { prisma, caller }: Context) => archiveProduct(prisma, caller, args.id),
};
