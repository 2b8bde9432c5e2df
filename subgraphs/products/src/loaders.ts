// Per-request DataLoaders: entity references from other subgraphs and list fields become one query each.
import { allEach, oneEach } from "@shop/shared/batch";
import DataLoader from "dataloader";
import type { PrismaClient, Product, ProductAudit, ReservationLine } from "./__generated__/prisma/client.ts";

export function createLoaders(prisma: PrismaClient) {
  return {
    /** Keys must be valid UUIDs (callers check with isUuid); unknown ids load as null. */
    product: new DataLoader<string, Product | null>(async (ids) => {
      const lower = ids.map((id) => id.toLowerCase());
      return oneEach(lower, await prisma.product.findMany({ where: { id: { in: lower } } }), (product) => product.id);
    }),
    /** A reservation's lines in product-id order, by order id (lower-case UUIDs, as the database returns them). */
    reservationLines: new DataLoader<string, ReservationLine[]>(async (orderIds) => {
      const lines = await prisma.reservationLine.findMany({ where: { orderId: { in: [...orderIds] } }, orderBy: { productId: "asc" } });
      return allEach(orderIds, lines, (line) => line.orderId);
    }),
    /** A product's audit rows, oldest first, by product id (staff only: the resolver checks the scope first). */
    productHistory: new DataLoader<string, ProductAudit[]>(async (productIds) => {
      const rows = await prisma.productAudit.findMany({ where: { productId: { in: [...productIds] } }, orderBy: { id: "asc" } });
      return allEach(productIds, rows, (row) => row.productId);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
