// The Order entity: reference resolution for other subgraphs (payments), and field mapping.
import type { Order as OrderRow } from "../__generated__/prisma/client.ts";
import type { Context } from "../context.ts";
import { orderReference } from "../domain/orders.ts";

export const Order = {
  __resolveReference: ({ id }: { id: string }, context: Context) => orderReference(context, id),
  user: (order: OrderRow) => ({ __typename: "User", id: order.userId }),
  items: (order: OrderRow, _: unknown, { loaders }: Context) => loaders.itemsByOrder.load(order.id),
  createdAt: (order: OrderRow) => order.createdAt.toISOString(),
  expiresAt: (order: OrderRow) => (order.status === "PENDING" && order.expiresAt ? order.expiresAt.toISOString() : null),
};
