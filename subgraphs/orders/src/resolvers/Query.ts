// Query fields owned by the orders service.
import type { QueryResolvers } from "../__generated__/resolvers-types.ts";
import { ownOrder } from "../domain/orders.ts";
import { staffOrders } from "../domain/staff-orders.ts";

export const Query: QueryResolvers = {
  order: (_, { id }, context) => ownOrder(context, id),
  orders: (_, args, context) => staffOrders(context, args),
};
