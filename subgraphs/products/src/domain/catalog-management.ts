// Staff manage the catalogue: create, update, adjust stock, archive. Each checks the caller's scope again (the
// router enforces @requiresScopes first: defence in depth), checks its input, then runs one statement
// (db/catalog-writes.ts) that changes the product, records the audit row and appends the change feed together.
import { graphError, notFound } from "@shop/shared/errors";
import type { Caller } from "@shop/shared/identity";
import { requireUuid } from "@shop/shared/ids";
import { SCOPES } from "@shop/shared/scopes";
import { requireScope } from "@shop/shared/service-caller";
import { randomUUID } from "node:crypto";
import type { PrismaClient, Product } from "../__generated__/prisma/client.ts";
import { adjustStatement, archiveStatement, createStatement, updateStatement } from "../db/catalog-writes.ts";
import { type CreateProductArgs, MAX_STOCK, parseAdjustment, parseNewProduct, parseProductPatch, type UpdateProductArgs } from "./product-input.ts";

/** The staff member acting: their user id when they hold catalog:write (UNAUTHENTICATED / FORBIDDEN otherwise). */
const staff = (caller: Caller) => requireScope(caller, SCOPES.catalogWrite);

export async function createProduct(prisma: PrismaClient, caller: Caller, input: CreateProductArgs): Promise<Product> {
  const actorId = staff(caller);
  const product = parseNewProduct(input);
  const { product: created, shopCurrency } = await createStatement(prisma, actorId, randomUUID(), product);
  if (created) return created;
  if (shopCurrency) {
    throw graphError("BAD_USER_INPUT", `The catalogue is priced in ${shopCurrency}: an order is paid in one currency`, { field: "currency", shopCurrency });
  }
  throw graphError("CONFLICT", `A product with sku ${product.sku} already exists`, { field: "sku" });
}

export async function updateProduct(prisma: PrismaClient, caller: Caller, id: string, input: UpdateProductArgs): Promise<Product> {
  const actorId = staff(caller);
  const productId = requireUuid(id);
  const patch = parseProductPatch(input);
  const updated = await updateStatement(prisma, actorId, productId, patch);
  if (!updated) throw notFound("Product");
  return updated;
}

/**
 * A restock (delta > 0) or a write-off (delta < 0) of the units available. Units held by open reservations were
 * already taken out of `stock` when they were reserved, so "never below what reservations hold" is "the units
 * available never go below 0": a larger write-off is refused with CONFLICT and the numbers.
 */
export async function adjustStock(prisma: PrismaClient, caller: Caller, id: string, delta: number, reason: string): Promise<Product> {
  const actorId = staff(caller);
  const productId = requireUuid(id);
  const adjustment = parseAdjustment(delta, reason);
  const row = await adjustStatement(prisma, actorId, productId, adjustment.delta, adjustment.reason, MAX_STOCK);
  if (row.product) return row.product;
  if (row.available === null) throw notFound("Product");
  const numbers = { available: row.available, held: row.held ?? 0, delta: adjustment.delta };
  if (adjustment.delta > 0) {
    throw graphError("BAD_USER_INPUT", `A product can hold at most ${MAX_STOCK} units; it has ${row.available}`, { field: "delta", ...numbers });
  }
  throw graphError(
    "CONFLICT",
    `Cannot write off ${-adjustment.delta} units: only ${row.available} are available (${numbers.held} more are held by open reservations and cannot be written off)`,
    numbers,
  );
}

export async function archiveProduct(prisma: PrismaClient, caller: Caller, id: string): Promise<Product> {
  const actorId = staff(caller);
  const archived = await archiveStatement(prisma, actorId, requireUuid(id));
  if (!archived) throw notFound("Product");
  return archived;
}
