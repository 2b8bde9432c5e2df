// The Product entity: reference resolution for other subgraphs, derived fields, and its history for staff.
import { isUuid } from "@shop/shared/ids";
import { SCOPES } from "@shop/shared/scopes";
import { requireScope } from "@shop/shared/service-caller";
import type { ProductResolvers } from "../__generated__/resolvers-types.ts";

export const Product: ProductResolvers = {
  __resolveReference: ({ id }, { loaders }) => (isUuid(id) ? loaders.product.load(id) : null),
  inStock: (product) => product.stock > 0,
  // The router enforces @requiresScopes first; the subgraph checks again (defence in depth).
  history: (product, _, { caller, loaders }) => {
    requireScope(caller, SCOPES.catalogWrite);
    return loaders.productHistory.load(product.id);
  },
};
