// The Product entity: reference resolution for other subgraphs, and derived fields.
import { isUuid } from "@shop/shared/ids";
import type { ProductResolvers } from "../__generated__/resolvers-types.ts";

export const Product: ProductResolvers = {
  __resolveReference: ({ id }, { loaders }) => (isUuid(id) ? loaders.product.load(id) : null),
  inStock: (product) => product.stock > 0,
};
