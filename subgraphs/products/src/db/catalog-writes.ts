// Staff changes to the catalogue: each is ONE SQL statement (data-modifying CTEs, atomic on its own) that changes
// the product, records who did it in ProductAudit and appends the change feed with the fields it changed, so a
// change is never without its audit row or its cache purge, and a refused change writes nothing.
import { UTC_NOW } from "@shop/shared/utc-now";
import { Prisma, type PrismaClient, type Product } from "../__generated__/prisma/client.ts";
import { ANY_FIELDS, productChangesOf, STOCK_FIELDS } from "../domain/change-feed.ts";
import type { NewProduct, ProductPatch } from "../domain/product-input.ts";

const NOW = Prisma.raw(UTC_NOW);

/** What createStatement answers: the new product, or why there is none. */
export interface CreateRow {
  product: Product | null;
  /** The currency of the catalogue's other products when it differs from the new one's (nothing was written). */
  shopCurrency: string | null;
}

/**
 * Inserts a product unless its sku is taken (also by a concurrent insert: ON CONFLICT waits for it and does
 * nothing) or the catalogue's products are priced in another currency (an order is paid in one currency).
 */
export async function createStatement(prisma: PrismaClient, actorId: string, id: string, product: NewProduct): Promise<CreateRow> {
  const [row] = await prisma.$queryRaw<Array<{ product: Product | null; shopCurrency: string | null }>>`
    WITH other AS (
      SELECT currency FROM "Product" WHERE NOT archived AND currency <> ${product.currency} LIMIT 1
    ),
    created AS (
      INSERT INTO "Product" (id, sku, name, description, "priceCents", currency, stock, "imageUrl", archived, "createdAt", "updatedAt")
      SELECT ${id}::uuid, ${product.sku}, ${product.name}, ${product.description}, ${product.priceCents}, ${product.currency},
        ${product.stock}, ${product.imageUrl}, false, ${NOW}, ${NOW}
      WHERE NOT EXISTS (SELECT FROM other)
      ON CONFLICT (sku) DO NOTHING
      RETURNING *
    ),
    audit AS (
      INSERT INTO "ProductAudit" ("productId", "actorId", action, details, "createdAt")
      SELECT id, ${actorId}::uuid, 'CREATE'::"ProductAction",
        jsonb_build_object('sku', sku, 'name', name, 'description', description, 'priceCents', "priceCents", 'currency', currency, 'stock', stock, 'imageUrl', "imageUrl"),
        ${NOW}
      FROM created
    ),
    changes AS (${productChangesOf(Prisma.sql`created`, ANY_FIELDS)})
    SELECT (SELECT row_to_json(created) FROM created) AS product, (SELECT currency FROM other) AS "shopCurrency"`;
  return { product: row?.product ? fromJson(row.product) : null, shopCurrency: row?.shopCurrency?.trim() ?? null };
}

/** Applies `patch` to product `id` (locked, so the audit's "before" is exact); null for an unknown product. */
export async function updateStatement(prisma: PrismaClient, actorId: string, id: string, patch: ProductPatch): Promise<Product | null> {
  const fields = Object.keys(patch);
  const has = (field: keyof ProductPatch) => field in patch;
  const [row] = await prisma.$queryRaw<Array<{ product: Product | null }>>`
    WITH target AS MATERIALIZED (
      SELECT * FROM "Product" WHERE id = ${id}::uuid FOR UPDATE
    ),
    updated AS (
      UPDATE "Product" p SET
        name = CASE WHEN ${has("name")} THEN ${patch.name ?? null}::text ELSE p.name END,
        description = CASE WHEN ${has("description")} THEN ${patch.description ?? null}::text ELSE p.description END,
        "priceCents" = CASE WHEN ${has("priceCents")} THEN ${patch.priceCents ?? null}::int ELSE p."priceCents" END,
        "imageUrl" = CASE WHEN ${has("imageUrl")} THEN ${patch.imageUrl ?? null}::text ELSE p."imageUrl" END,
        "updatedAt" = ${NOW}
      FROM target WHERE p.id = target.id
      RETURNING p.*
    ),
    audit AS (
      INSERT INTO "ProductAudit" ("productId", "actorId", action, details, "createdAt")
      SELECT updated.id, ${actorId}::uuid, 'UPDATE'::"ProductAction",
        jsonb_build_object(
          'before', (SELECT jsonb_object_agg(key, value) FROM jsonb_each(to_jsonb(target)) WHERE key = ANY(${`{${fields.join(",")}}`}::text[])),
          'after', (SELECT jsonb_object_agg(key, value) FROM jsonb_each(to_jsonb(updated)) WHERE key = ANY(${`{${fields.join(",")}}`}::text[]))),
        ${NOW}
      FROM updated JOIN target ON target.id = updated.id
    ),
    changes AS (${productChangesOf(Prisma.sql`updated`, fields)})
    SELECT (SELECT row_to_json(updated) FROM updated) AS product`;
  return row?.product ? fromJson(row.product) : null;
}

/** What adjustStatement answers: the product after, or (nothing written) the numbers that refused the adjustment. */
export interface AdjustRow {
  product: Product | null;
  /** Units available before (null: unknown product). */
  available: number | null;
  /** Units held by open reservations, read only when the adjustment was refused. */
  held: number | null;
}

/**
 * Adds `delta` to the units available, in [0, maxStock]. The product row is locked and re-read at its newest
 * version, so a concurrent reservation either took its units before (and the write-off sees fewer available)
 * or waits for this one: a write-off never takes units a reservation holds (they are not in `stock`).
 */
export async function adjustStatement(prisma: PrismaClient, actorId: string, id: string, delta: number, reason: string, maxStock: number): Promise<AdjustRow> {
  const [row] = await prisma.$queryRaw<AdjustRow[]>`
    WITH target AS MATERIALIZED (
      SELECT id, stock FROM "Product" WHERE id = ${id}::uuid FOR UPDATE
    ),
    adjusted AS (
      UPDATE "Product" p SET stock = p.stock + ${delta}::int, "updatedAt" = ${NOW}
      FROM target WHERE p.id = target.id AND target.stock + ${delta}::int BETWEEN 0 AND ${maxStock}::int
      RETURNING p.*
    ),
    audit AS (
      INSERT INTO "ProductAudit" ("productId", "actorId", action, details, "createdAt")
      SELECT adjusted.id, ${actorId}::uuid, 'ADJUST_STOCK'::"ProductAction",
        jsonb_build_object('delta', ${delta}::int, 'reason', ${reason}::text, 'before', target.stock, 'after', adjusted.stock),
        ${NOW}
      FROM adjusted JOIN target ON target.id = adjusted.id
    ),
    changes AS (${productChangesOf(Prisma.sql`adjusted`, STOCK_FIELDS)})
    SELECT (SELECT row_to_json(adjusted) FROM adjusted) AS product,
      (SELECT stock FROM target) AS available,
      -- Only a refusal explains itself with the held units (a scan of the product's reservation lines).
      CASE WHEN NOT EXISTS (SELECT FROM adjusted) AND EXISTS (SELECT FROM target) THEN (
        SELECT COALESCE(sum(line.quantity), 0)::int FROM "ReservationLine" line
        JOIN "Reservation" r ON r."orderId" = line."orderId"
        WHERE line."productId" = ${id}::uuid AND r.status = 'HELD'::"ReservationStatus"
      ) END AS held`;
  return { product: row?.product ? fromJson(row.product) : null, available: row?.available ?? null, held: row?.held ?? null };
}

/** Archives product `id` once; answers it as it is after (already archived: unchanged, nothing recorded), null when unknown. */
export async function archiveStatement(prisma: PrismaClient, actorId: string, id: string): Promise<Product | null> {
  const [row] = await prisma.$queryRaw<Array<{ product: Product | null }>>`
    WITH target AS MATERIALIZED (
      SELECT * FROM "Product" WHERE id = ${id}::uuid FOR UPDATE
    ),
    shelved AS (
      UPDATE "Product" p SET archived = true, "updatedAt" = ${NOW}
      FROM target WHERE p.id = target.id AND NOT target.archived
      RETURNING p.*
    ),
    audit AS (
      INSERT INTO "ProductAudit" ("productId", "actorId", action, details, "createdAt")
      SELECT id, ${actorId}::uuid, 'ARCHIVE'::"ProductAction", jsonb_build_object('sku', sku, 'stock', stock), ${NOW} FROM shelved
    ),
    changes AS (${productChangesOf(Prisma.sql`shelved`, ["archived"])})
    SELECT COALESCE((SELECT row_to_json(shelved) FROM shelved), (SELECT row_to_json(target) FROM target)) AS product`;
  return row?.product ? fromJson(row.product) : null;
}

/** A product row as row_to_json gave it: timestamps back to Dates, the padded char(3) currency trimmed. */
function fromJson(row: Product): Product {
  return {
    ...row,
    currency: row.currency.trim(),
    createdAt: new Date(`${row.createdAt as unknown as string}Z`),
    updatedAt: new Date(`${row.updatedAt as unknown as string}Z`),
  };
}
