// Per-request DataLoaders: entity references from other subgraphs become one query.
import DataLoader from "dataloader";
import type { PrismaClient, Product } from "./__generated__/prisma/client.ts";

export function createLoaders(prisma: PrismaClient) {
  return {
    /** Keys must be valid UUIDs (callers check with isUuid); unknown ids load as null. */
    product: new DataLoader<string, Product | null>(async (ids) => {
      const products = await prisma.product.findMany({ where: { id: { in: ids.map((id) => id.toLowerCase()) } } });
      const byId = new Map(products.map((product) => [product.id, product]));
      return ids.map((id) => byId.get(id.toLowerCase()) ?? null);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
