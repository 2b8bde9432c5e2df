// The Product entity: reference resolution for other subgraphs, and derived fields.
import { isUuid } from "@shop/shared/ids";
import type { Product as ProductRow } from "../__generated__/prisma/client.ts";
import type { Context } from "../context.ts";

export const Product = {
  __resolveReference: ({ id }: { id: string }, { loaders }: Context) => (isUuid(id) ? loaders.product.load(id) : null),
  inStock: (product: ProductRow) => product.stock > 0,
};
