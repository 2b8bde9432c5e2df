// Per-request DataLoaders: entity references from other subgraphs and list fields become one query each. Plain
// SQL (packages/shared/src/sql.ts says why): every order line shown with its product runs them.
import { allEach, oneEach } from "@shop/shared/batch";
import type { Sql } from "@shop/shared/sql";
import DataLoader from "dataloader";
import type { Product, ProductAudit, ReservationLine } from "./__generated__/prisma/client.ts";

export function createLoaders(sql: Sql) {
  return {
    /** Keys must be valid UUIDs (callers check with isUuid); unknown ids load as null. */
    product: new DataLoader<string, Product | null>(async (ids) => {
      const lower = ids.map((id) => id.toLowerCase());
      return oneEach(lower, await sql.query<Product>(`SELECT * FROM "Product" WHERE id = ANY($1::uuid[])`, [lower]), (product) => product.id);
    }),
    /** A reservation's lines in product-id order, by order id (lower-case UUIDs, as the database returns them). */
    reservationLines: new DataLoader<string, ReservationLine[]>(async (orderIds) => {
      const lines = await sql.query<ReservationLine>(`SELECT * FROM "ReservationLine" WHERE "orderId" = ANY($1::uuid[]) ORDER BY "orderId", "productId"`, [
        orderIds,
      ]);
      return allEach(orderIds, lines, (line) => line.orderId);
    }),
    /** A product's audit rows, oldest first, by product id (staff only: the resolver checks the scope first). */
    productHistory: new DataLoader<string, ProductAudit[]>(async (productIds) => {
      const rows = await sql.query<ProductAudit>(`SELECT * FROM "ProductAudit" WHERE "productId" = ANY($1::uuid[]) ORDER BY id`, [productIds]);
      return allEach(productIds, rows, (row) => row.productId);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
