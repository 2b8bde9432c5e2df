// Per-request DataLoaders: entity references from other subgraphs and list fields become one query each.
import DataLoader from "dataloader";
import type { PrismaClient, Product, ReservationLine } from "./__generated__/prisma/client.ts";

export function createLoaders(prisma: PrismaClient) {
  return {
    /** Keys must be valid UUIDs (callers check with isUuid); unknown ids load as null. */
    product: new DataLoader<string, Product | null>(async (ids) => {
      const products = await prisma.product.findMany({ where: { id: { in: ids.map((id) => id.toLowerCase()) } } });
      const byId = new Map(products.map((product) => [product.id, product]));
      return ids.map((id) => byId.get(id.toLowerCase()) ?? null);
    }),
    /** A reservation's lines in product-id order, by order id (lower-case UUIDs, as the database returns them). */
    reservationLines: new DataLoader<string, ReservationLine[]>(async (orderIds) => {
      const lines = await prisma.reservationLine.findMany({ where: { orderId: { in: [...orderIds] } }, orderBy: { productId: "asc" } });
      return orderIds.map((orderId) => lines.filter((line) => line.orderId === orderId));
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
