// An order line: the product as a reference for the products subgraph, and its line total.
import type { OrderItem as OrderItemRow } from "../__generated__/prisma/client.ts";
import { lineTotalCents } from "../domain/totals.ts";

export const OrderItem = {
  product: (item: OrderItemRow) => ({ __typename: "Product", id: item.productId }),
  lineTotalCents: (item: OrderItemRow) => lineTotalCents(item),
};
