// Demo catalogue for the products database (idempotent: creates only the products that are missing).
import { seedProducts } from "@shop/shared/seed-data";
import type { PrismaClient } from "../../subgraphs/products/src/__generated__/prisma/client.ts";

export async function seed(prisma: PrismaClient): Promise<void> {
  // ON CONFLICT DO NOTHING: existing rows (and any stock already sold) are left as they are.
  await prisma.product.createMany({
    data: seedProducts.map((product) => ({ ...product, createdAt: new Date(Date.UTC(2026, 8, 1)) })),
    skipDuplicates: true,
  });
  // A demo database seeded before products had images gets theirs, once: only where no image is set, so a
  // picture staff chose is never replaced.
  const images = seedProducts.map(({ sku, imageUrl }) => ({ sku, imageUrl }));
  await prisma.$executeRaw`
    UPDATE "Product" p SET "imageUrl" = seeded."imageUrl"
    FROM jsonb_to_recordset(${JSON.stringify(images)}::jsonb) AS seeded(sku text, "imageUrl" text)
    WHERE p.sku = seeded.sku AND p."imageUrl" IS NULL`;
}
