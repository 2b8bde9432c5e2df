// An order line: the product as a reference for the products subgraph, and its line total.
import type { OrderItemResolvers } from "../__generated__/resolvers-types.ts";
import { lineTotalCents } from "../domain/totals.ts";

export const OrderItem: OrderItemResolvers = {
  product: (item) => ({ id: item.productId }),
  lineTotalCents: (item) => lineTotalCents(item),
};
