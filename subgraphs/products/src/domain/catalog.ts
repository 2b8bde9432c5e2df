// Catalogue reads: one product by id (archived too), and keyset pages of the products on sale ordered by (name, id),
// optionally filtered by a search.
import { badUserInput, notFound } from "@shop/shared/errors";
import { requireUuid } from "@shop/shared/ids";
import type { Prisma, PrismaClient, Product } from "../__generated__/prisma/client.ts";
import { decodeCursor, encodeCursor, type ProductSortKey } from "./cursor.ts";

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
export const MAX_SEARCH_LENGTH = 100;

/** The `products` arguments as a client sent them. */
export interface ProductPageArgs {
  first?: number | null;
  after?: string | null;
  search?: string | null;
}

/** The `products` arguments once checked. */
export interface ProductPageRequest {
  first: number;
  after: ProductSortKey | null;
  /** Trimmed; null when there is no filter. */
  search: string | null;
}

/** Checks the page arguments; throws BAD_USER_INPUT naming the first bad one. */
export function parsePageArgs(args: ProductPageArgs): ProductPageRequest {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badUserInput(`first must be between 1 and ${MAX_PAGE_SIZE}`, "first");
  }
  const search = args.search?.trim() ?? "";
  if (search.length > MAX_SEARCH_LENGTH) throw badUserInput(`search must be at most ${MAX_SEARCH_LENGTH} characters`, "search");
  return { first, after: args.after == null ? null : decodeCursor(args.after, "after"), search: search || null };
}

export interface ProductPage {
  edges: Array<{ cursor: string; node: Product }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  /** The search this page was filtered by, so totalCount counts the same matches. */
  search: string | null;
}

/** Prisma 6 passes `contains` to ILIKE unescaped: escape the pattern characters so a search is plain text. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/** The catalogue lists only products on sale: archived ones still resolve by id (past orders), but are never listed. */
const onSale: Prisma.ProductWhereInput = { archived: false };

function matching(search: string | null): Prisma.ProductWhereInput {
  if (!search) return {};
  const contains = escapeLike(search);
  return {
    OR: [{ name: { contains, mode: "insensitive" } }, { description: { contains, mode: "insensitive" } }],
  };
}

function following(after: ProductSortKey | null): Prisma.ProductWhereInput {
  if (!after) return {};
  // The OR alone is only a filter: the scan of the (name, id) index would start at the first product on every
  // page. The redundant `name >= cursor name` gives it an Index Cond, so a page starts at its cursor.
  return { name: { gte: after.name }, OR: [{ name: { gt: after.name } }, { name: after.name, id: { gt: after.id } }] };
}

/** One page of the catalogue: rows strictly after the cursor's key, one extra row fetched to learn whether more follow. */
export async function listProducts(prisma: PrismaClient, args: ProductPageArgs): Promise<ProductPage> {
  const request = parsePageArgs(args);
  const rows = await prisma.product.findMany({
    where: { AND: [onSale, matching(request.search), following(request.after)] },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: request.first + 1,
  });
  const edges = rows.slice(0, request.first).map((node) => ({ cursor: encodeCursor(node), node }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > request.first, endCursor: edges.at(-1)?.cursor ?? null },
    search: request.search,
  };
}

/** How many products on sale match a (checked) search across all pages. */
export function countProducts(prisma: PrismaClient, search: string | null): Promise<number> {
  return prisma.product.count({ where: { AND: [onSale, matching(search)] } });
}

/** The product with this id; BAD_USER_INPUT for a malformed id, NOT_FOUND for an unknown one. */
export async function requireProduct(load: (id: string) => Promise<Product | null>, id: string): Promise<Product> {
  const product = await load(requireUuid(id));
  if (!product) throw notFound("Product");
  return product;
}
