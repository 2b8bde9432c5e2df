// The operations the bench sends, who sends them, and what a correct answer to each must look like.
import { seedOrders, seedProducts, seedUsers } from "@shop/shared/seed-data";
import type { BenchShopper } from "./shoppers.ts";

/** Who sends a scenario's requests: nobody, one demo shopper, or every bench shopper in turn, each under their own token. */
export type Shopper = "anonymous" | "ada" | "grace" | "many";

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
  /** For the many-shoppers scenarios: throws when `data` is not `shopper`'s own answer. */
  // biome-ignore lint/suspicious/noExplicitAny: as above.
  checkShopper?(data: any, shopper: BenchShopper): void;
}

export function expect(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

export const ada = seedUsers.find((user) => user.email === "ada@example.com")!;
export const grace = seedUsers.find((user) => user.email === "grace@example.com")!;
/** The product page's product: not the one the checkout buys, so its stock stays as seeded. */
const pageProduct = seedProducts.find((p) => p.sku === "KB-006")!;
const adasOrders = seedOrders.filter((order) => order.userId === ada.id);

/** One shopper's order history as the many-shoppers queries return it: every order, newest first, lines and payment as stored. */
// biome-ignore lint/suspicious/noExplicitAny: a response body, checked field by field.
function expectOwnOrders(scenario: string, orders: any, shopper: BenchShopper): void {
  expect(Array.isArray(orders) && orders.length === shopper.orders.length, `${scenario}: expected ${shopper.email}'s ${shopper.orders.length} orders`);
  for (const [i, order] of orders.entries()) {
    const stored = shopper.orders[i]!;
    expect(order.id === stored.id, `${scenario}: ${shopper.email}'s orders out of order or not theirs`);
    if (order.status !== undefined) expect(order.status === stored.status && order.totalCents === stored.totalCents, `${scenario}: order ${stored.id} as stored`);
    if (order.items !== undefined) expect(order.items.length === stored.items.length, `${scenario}: every line of order ${stored.id}`);
  }
}

export const scenarios: Scenario[] = [
  {
    name: "shopperHistory",
    description:
      "many shoppers' order histories, each under their own token: me { orders { items { product } payment } } (users -> orders -> products + payments)",
    shopper: "many",
    query:
      "query BenchShopperHistory { me { id orders { id status createdAt totalCents currency items { quantity unitPriceCents lineTotalCents product { id name priceCents } } payment { status amountCents currency } } } }",
    checkShopper(data, shopper) {
      expect(data?.me?.id === shopper.id, `shopperHistory: expected ${shopper.email}`);
      expectOwnOrders("shopperHistory", data.me.orders, shopper);
      for (const [i, order] of data.me.orders.entries()) {
        const paid = shopper.orders[i]!.status === "PAID";
        expect(paid ? order.payment?.amountCents === order.totalCents : order.payment === null, `shopperHistory: order ${order.id}'s payment`);
        expect(order.items.every((item: { product?: { name?: unknown } }) => typeof item.product?.name === "string"), "shopperHistory: every item needs its product");
      }
    },
  },
  {
    name: "shopperBounce",
    description: "many shoppers, a bounce through every subgraph: me { orders { payment { order { user items { product } } } } }",
    shopper: "many",
    query: "query BenchShopperBounce { me { id orders { id payment { status order { id user { id name } items { quantity product { id name } } } } } } }",
    checkShopper(data, shopper) {
      expect(data?.me?.id === shopper.id, `shopperBounce: expected ${shopper.email}`);
      expectOwnOrders("shopperBounce", data.me.orders, shopper);
      for (const order of data.me.orders) {
        if (order.payment === null) continue;
        expect(order.payment.order?.id === order.id && order.payment.order.user?.id === shopper.id, `shopperBounce: order ${order.id} back to its shopper`);
        expect(order.payment.order.items.every((item: { product?: { name?: unknown } }) => typeof item.product?.name === "string"), "shopperBounce: every item needs its product");
      }
    },
  },
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
