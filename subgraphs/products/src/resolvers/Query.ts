// Query fields owned by the products service.
import type { Context } from "../context.ts";
import { listProducts, type ProductPageArgs, requireProduct } from "../domain/catalog.ts";

export const Query = {
  product: (_: unknown, { id }: { id: string }, { loaders }: Context) => requireProduct((key) => loaders.product.load(key), id),
  products: (_: unknown, args: ProductPageArgs, { prisma }: Context) => listProducts(prisma, args),
};
