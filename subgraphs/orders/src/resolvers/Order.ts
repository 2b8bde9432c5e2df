// The Order entity: reference resolution for other subgraphs (payments), and field mapping.
import type { Address } from "@shop/shared/address";
import type { OrderResolvers } from "../__generated__/resolvers-types.ts";
import { orderEvents, orderReference } from "../domain/orders.ts";

export const Order: OrderResolvers = {
  __resolveReference: ({ id }, context) => orderReference(context, id),
  user: (order) => ({ id: order.userId }),
  items: (order, _, { loaders }) => loaders.itemsByOrder.load(order.id),
  createdAt: (order) => order.createdAt.toISOString(),
  expiresAt: (order) => (order.status === "PENDING" && order.expiresAt ? order.expiresAt.toISOString() : null),
  // Stored as placeOrder checked it (@shop/shared/address), so its JSON has exactly the Address fields.
  shippingAddress: (order) => (order.shippingAddress as Address | null) ?? null,
  shipment: ({ carrier, trackingNumber, shippedAt, deliveredAt }) =>
    carrier && trackingNumber && shippedAt
      ? { carrier, trackingNumber, shippedAt: shippedAt.toISOString(), deliveredAt: deliveredAt?.toISOString() ?? null }
      : null,
  events: (order, _, context) => orderEvents(context, order.id),
};
