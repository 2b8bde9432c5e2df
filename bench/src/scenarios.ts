// The operations the bench sends, and what a correct answer to each must look like.

export interface Scenario {
  name: string;
  description: string;
  query: string;
  /** Sent with the bearer token of the logged-in demo user (Ada). */
  authenticated: boolean;
  /** Throws when `data` (from our router) is not the answer the demo data implies. */
  // biome-ignore lint/suspicious/noExplicitAny: a response body of the scenario's own query, checked field by field below.
  check(data: any): void;
}

function expect(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

export const scenarios: Scenario[] = [
  {
    name: "light",
    description: "anonymous catalog page: products(first: 20) { id name priceCents } (one subgraph fetch)",
    query: "query BenchLight { products(first: 20) { edges { node { id name priceCents } } } }",
    authenticated: false,
    check(data) {
      expect(data?.products?.edges?.length === 20, "light: expected 20 products");
    },
  },
  {
    name: "heavy",
    description: "Ada's orders with items, products and payments (users -> orders -> products + payments)",
    query:
      "query BenchHeavy { me { orders { totalCents items { quantity unitPriceCents product { name priceCents stock } } payment { status amountCents } } } }",
    authenticated: true,
    check(data) {
      const orders = data?.me?.orders;
      expect(Array.isArray(orders) && orders.length === 3, "heavy: expected Ada's 3 orders");
      for (const order of orders) {
        expect(order.items.length > 0 && order.items.every((item: { product?: { name?: unknown } }) => typeof item.product?.name === "string"), "heavy: every item needs its product");
        expect(order.payment?.amountCents === order.totalCents, "heavy: every order needs its payment");
      }
    },
  },
  {
    name: "catalog",
    description: "anonymous full catalog: products(first: 100) with every product field (26 products)",
    query:
      "query BenchCatalog { products(first: 100) { edges { cursor node { id sku name description priceCents currency stock } } pageInfo { hasNextPage endCursor } } }",
    authenticated: false,
    check(data) {
      expect(data?.products?.edges?.length === 26 && data.products.pageInfo.hasNextPage === false, "catalog: expected all 26 products");
    },
  },
];
