// The Order entity: reference resolution for other subgraphs (payments), and field mapping.
import type { OrderResolvers } from "../__generated__/resolvers-types.ts";
import { orderReference } from "../domain/orders.ts";

export const Order: OrderResolvers = {
  __resolveReference: ({ id }, context) => orderReference(context, id),
  user: (order) => ({ id: order.userId }),
  items: (order, _, { loaders }) => loaders.itemsByOrder.load(order.id),
  createdAt: (order) => order.createdAt.toISOString(),
  expiresAt: (order) => (order.status === "PENDING" && order.expiresAt ? order.expiresAt.toISOString() : null),
};
