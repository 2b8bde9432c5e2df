// The rules a product's fields must meet when staff create or change it: each check throws BAD_USER_INPUT
// naming the field, before anything is written.
import { badUserInput } from "@shop/shared/errors";

export const SKU_PATTERN = /^[A-Z0-9]+(?:-[A-Z0-9]+)*$/;
export const SKU_LENGTH = { min: 2, max: 32 };
export const NAME_LENGTH = { min: 1, max: 100 };
export const DESCRIPTION_LENGTH = { min: 1, max: 2000 };
/** At most 4 000.00: the largest order (50 lines of 100 units, see stock.ts) then totals within GraphQL's 32-bit Int. */
export const MAX_PRICE_CENTS = 400_000;
export const MAX_STOCK = 1_000_000;
export const MAX_IMAGE_URL_LENGTH = 500;
export const REASON_LENGTH = { min: 1, max: 200 };

/** ISO 4217 codes as the runtime's ICU knows them (no hand-kept list to go stale). */
const CURRENCIES = new Set(Intl.supportedValuesOf("currency"));

/** A new product as a client sent it. */
export interface CreateProductArgs {
  sku: string;
  name: string;
  description: string;
  priceCents: number;
  currency: string;
  stock: number;
  imageUrl?: string | null;
}

/** A new product once checked: text trimmed, no image as null. */
export type NewProduct = Required<CreateProductArgs> & { imageUrl: string | null };

/** What an update may change as a client sent it: absent means unchanged, and only imageUrl may be null (no image). */
export interface UpdateProductArgs {
  name?: string | null;
  description?: string | null;
  priceCents?: number | null;
  imageUrl?: string | null;
}

/** The checked changes of an update, only the fields given (imageUrl null: remove the image). */
export type ProductPatch = Partial<{ name: string; description: string; priceCents: number; imageUrl: string | null }>;

function text(value: string, field: string, { min, max }: { min: number; max: number }): string {
  const trimmed = value.trim();
  if (trimmed.length < min || trimmed.length > max) throw badUserInput(`${field} must be ${min} to ${max} characters`, field);
  return trimmed;
}

function wholeNumber(value: number, field: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) throw badUserInput(`${field} must be a whole number from ${min} to ${max}`, field);
  return value;
}

export function parseSku(value: string): string {
  const sku = value.trim();
  if (sku.length < SKU_LENGTH.min || sku.length > SKU_LENGTH.max || !SKU_PATTERN.test(sku)) {
    throw badUserInput(`sku must be ${SKU_LENGTH.min} to ${SKU_LENGTH.max} upper-case letters and digits in groups joined by single hyphens, e.g. MUG-001`, "sku");
  }
  return sku;
}

export function parseCurrency(value: string): string {
  if (!/^[A-Z]{3}$/.test(value) || !CURRENCIES.has(value)) throw badUserInput("currency must be an ISO 4217 code such as USD", "currency");
  return value;
}

export const parsePrice = (value: number) => wholeNumber(value, "priceCents", 1, MAX_PRICE_CENTS);

/**
 * An image is either a path on the storefront under /images/ (the pictures shipped with the shop) or an https
 * URL; nothing else (no javascript:, data: or plain http, no `..` climbing out of /images/). Empty means none.
 */
export function parseImageUrl(value: string | null | undefined): string | null {
  const url = value?.trim() ?? "";
  if (url === "") return null;
  if (url.length > MAX_IMAGE_URL_LENGTH) throw badUserInput(`imageUrl must be at most ${MAX_IMAGE_URL_LENGTH} characters`, "imageUrl");
  if (url.startsWith("/")) {
    if (!/^\/images\/[A-Za-z0-9._~/-]+$/.test(url) || url.split("/").some((segment) => segment === "." || segment === "..")) {
      throw badUserInput("imageUrl must be a path under /images/ or an https URL", "imageUrl");
    }
    return url;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badUserInput("imageUrl must be a path under /images/ or an https URL", "imageUrl");
  }
  if (parsed.protocol !== "https:" || parsed.username || parsed.password) {
    throw badUserInput("imageUrl must be a path under /images/ or an https URL (without credentials)", "imageUrl");
  }
  return parsed.href;
}

export function parseNewProduct(input: CreateProductArgs): NewProduct {
  return {
    sku: parseSku(input.sku),
    name: text(input.name, "name", NAME_LENGTH),
    description: text(input.description, "description", DESCRIPTION_LENGTH),
    priceCents: parsePrice(input.priceCents),
    currency: parseCurrency(input.currency),
    stock: wholeNumber(input.stock, "stock", 0, MAX_STOCK),
    imageUrl: parseImageUrl(input.imageUrl),
  };
}

/** The fields an update changes; BAD_USER_INPUT when it changes none or sets a required field to null. */
export function parseProductPatch(input: UpdateProductArgs): ProductPatch {
  const patch: ProductPatch = {};
  for (const field of ["name", "description", "priceCents"] as const) {
    if (input[field] === null) throw badUserInput(`${field} cannot be removed`, field);
  }
  if (input.name !== undefined) patch.name = text(input.name!, "name", NAME_LENGTH);
  if (input.description !== undefined) patch.description = text(input.description!, "description", DESCRIPTION_LENGTH);
  if (input.priceCents !== undefined) patch.priceCents = parsePrice(input.priceCents!);
  if (input.imageUrl !== undefined) patch.imageUrl = parseImageUrl(input.imageUrl);
  if (Object.keys(patch).length === 0) throw badUserInput("Give at least one of name, description, priceCents, imageUrl", "input");
  return patch;
}

/** A stock adjustment's delta and reason, checked. */
export function parseAdjustment(delta: number, reason: string): { delta: number; reason: string } {
  if (!Number.isInteger(delta) || delta === 0 || Math.abs(delta) > MAX_STOCK) {
    throw badUserInput(`delta must be a whole number from -${MAX_STOCK} to ${MAX_STOCK}, not 0`, "delta");
  }
  return { delta, reason: text(reason, "reason", REASON_LENGTH) };
}
