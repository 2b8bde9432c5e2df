// A page of products: totalCount is counted only when a client asks for it.
import type { Context } from "../context.ts";
import { countProducts, type ProductPage } from "../domain/catalog.ts";

export const ProductConnection = {
  totalCount: (page: ProductPage, _: unknown, { prisma }: Context) => countProducts(prisma, page.search),
};
