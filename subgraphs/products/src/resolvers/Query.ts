// Query fields owned by the products service.
import type { QueryResolvers } from "../__generated__/resolvers-types.ts";
import { listProducts, requireProduct } from "../domain/catalog.ts";

export const Query: QueryResolvers = {
  product: (_, { id }, { loaders }) => requireProduct((key) => loaders.product.load(key), id),
  products: (_, args, { prisma }) => listProducts(prisma, args),
};
