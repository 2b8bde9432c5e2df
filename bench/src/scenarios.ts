// The operations the bench sends, who sends them, and what a correct answer to each must look like.
import { seedOrders, seedProducts, seedUsers } from "@shop/shared/seed-data";

export type Shopper = "anonymous" | "ada" | "grace";

export interface Scenario {
  name: string;
  description: string;
  /** Whose bearer token goes with it. Reads are Ada's; the checkout writes are Grace's, so Ada's history never changes. */
  shopper: Shopper;
  /** A single operation sent again and again; absent for the checkout, whose requests chain (checkout.ts). */
  query?: string;
  /** Throws when `data` (from our router) is not the answer the demo data implies. */
  // biome-ignore lint/suspicious/noExplicitAny: a response body of the scenario's own query, checked field by field below.
  check?(data: any): void;
}

export function expect(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

export const ada = seedUsers.find((user) => user.email === "ada@example.com")!;
export const grace = seedUsers.find((user) => user.email === "grace@example.com")!;
/** The product page's product: not the one the checkout buys, so its stock stays as seeded. */
const pageProduct = seedProducts.find((p) => p.sku === "KB-006")!;
const adasOrders = seedOrders.filter((order) => order.userId === ada.id);

export const scenarios: Scenario[] = [
  {
    name: "catalog",
    description: "anonymous catalog page: products(first: 24) with product fields only (products subgraph alone)",
    shopper: "anonymous",
    query:
      "query BenchCatalog { products(first: 24) { totalCount edges { cursor node { id sku name description priceCents currency inStock } } pageInfo { hasNextPage endCursor } } }",
    check(data) {
      expect(data?.products?.edges?.length === 24, "catalog: expected 24 products");
      expect(data.products.pageInfo.hasNextPage === true && data.products.totalCount === seedProducts.length, "catalog: expected more pages of all products");
    },
  },
  {
    name: "productPage",
    description: "Ada on a product page: product(id:) from products, plus her name and recent orders (users -> orders)",
    shopper: "ada",
    query: `query BenchProductPage { product(id: "${pageProduct.id}") { id sku name description priceCents currency stock inStock } me { id name orders { id status totalCents createdAt } } }`,
    check(data) {
      expect(data?.product?.sku === pageProduct.sku && data.product.stock === pageProduct.stock, "productPage: expected the keyboard as seeded");
      expect(data?.me?.name === ada.name && data.me.orders?.length === adasOrders.length, "productPage: expected Ada and her orders");
    },
  },
  {
    name: "orderHistory",
    description: "Ada's order history: me { orders { items { product } payment } } (users -> orders -> products + payments)",
    shopper: "ada",
    query:
      "query BenchOrderHistory { me { id orders { id status createdAt totalCents currency items { quantity unitPriceCents lineTotalCents product { id name priceCents } } payment { status amountCents currency } } } }",
    check(data) {
      const orders = data?.me?.orders;
      expect(Array.isArray(orders) && orders.length === adasOrders.length, `orderHistory: expected Ada's ${adasOrders.length} orders`);
      for (const order of orders) {
        const seeded = adasOrders.find((o) => o.id === order.id);
        expect(seeded !== undefined && order.totalCents === seeded.totalCents, "orderHistory: unexpected order");
        expect(order.items.length === seeded!.items.length, "orderHistory: every line of the order");
        expect(order.items.every((item: { product?: { name?: unknown } }) => typeof item.product?.name === "string"), "orderHistory: every item needs its product");
        expect(order.payment?.amountCents === order.totalCents, "orderHistory: every order needs its payment");
      }
    },
  },
  {
    name: "checkout",
    description: "Grace's checkout write mix: placeOrder, then payOrder (3 times in 4) or cancelOrder (1 in 4), fresh idempotency keys",
    shopper: "grace",
  },
];
