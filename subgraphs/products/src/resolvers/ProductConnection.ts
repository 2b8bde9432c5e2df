// A page of products: totalCount is counted only when a client asks for it.
import type { ProductConnectionResolvers } from "../__generated__/resolvers-types.ts";
import { countProducts } from "../domain/catalog.ts";

export const ProductConnection: ProductConnectionResolvers = {
  totalCount: (page, _, { prisma }) => countProducts(prisma, page.search),
};
