// A page of orders: totalCount is counted only when a client asks for it, over the same filter as the page.
import type { OrderConnectionResolvers } from "../__generated__/resolvers-types.ts";
import { countOrders } from "../db/order-pages.ts";

export const OrderConnection: OrderConnectionResolvers = {
  totalCount: (page, _, { prisma }) => countOrders(prisma, page.filter),
};
