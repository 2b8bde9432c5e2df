// Unbounded lists and oversized answers, attacked through the real router: an account with many orders, the
// issue's 32 MB query (aliased order lists with their lines) refused before anything is fetched, the deprecated
// User.orders bounded to the 20 most recent, and an answer past RESPONSE_MAX_SIZE cut off with an error.
import { randomUUID } from "node:crypto";
import { postGraphQL } from "@shop/shared/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Stack, startStack } from "../../test/support/stack.ts";
import { metric } from "./support/metrics.ts";

const ORDERS = 30;
const LINES = 5;

describe("demand control", () => {
  let stack: Stack;
  let token: string;
  beforeAll(async () => {
    stack = await startStack("pglite");
    const signedUp = await stack.query(`mutation ($input: SignUpInput!) { signUp(input: $input) { token user { id } } }`, {
      input: { email: `many-orders-${randomUUID()}@example.com`, name: "Many Orders", password: "a-long-enough-password" },
    });
    token = signedUp.data!.signUp.token;
    const userId = signedUp.data!.signUp.user.id as string;
    // The account the issue built with 400 orders, smaller: paid orders (the caps count only unpaid ones) of several lines.
    const products = await stack.subgraphs.products.prisma.product.findMany({ take: LINES, orderBy: { sku: "asc" } });
    for (let index = 0; index < ORDERS; index++) {
      await stack.subgraphs.orders.prisma.order.create({
        data: {
          userId,
          status: "PAID",
          totalCents: LINES * 100,
          currency: "USD",
          createdAt: new Date(Date.UTC(2026, 0, 1, 0, index)),
          items: { create: products.map((product) => ({ productId: product.id, quantity: 1, unitPriceCents: 100 })) },
        },
      });
    }
  });
  afterAll(() => stack?.stop());

  it("refuses the 32 MB query before execution: no subgraph is asked anything", async () => {
    const router = await stack.startRouter();
    const aliases = Array.from({ length: 15 }, (_, i) => `a${i}: orders { id totalCents items { quantity unitPriceCents product { name description } } }`);
    const result = await postGraphQL(router.graphqlUrl, `query Hoard { me { ${aliases.join(" ")} } }`, {}, { authorization: `Bearer ${token}` });
    expect(result.status).toBe(400);
    expect(result.data).toBeUndefined();
    expect(result.errors?.[0]?.extensions?.code).toBe("COST_ESTIMATED_TOO_EXPENSIVE");
    expect(result.errors?.[0]?.message).toMatch(/estimated cost is \d+ .*more than the limit of 5000/);
    const metrics = await (await fetch(router.metricsUrl)).text();
    for (const subgraph of ["users", "orders", "products"]) {
      expect(metric(metrics, "subgraph_fetch_duration_seconds_count", { subgraph })).toBeUndefined();
    }
  });

  it("serves the deprecated User.orders as the 20 most recent orders; orderHistory pages through all of them", async () => {
    const recent = await stack.query(`{ me { orders { id createdAt } } }`, {}, token);
    expect(recent.errors).toBeUndefined();
    const orders = recent.data!.me.orders as Array<{ createdAt: string }>;
    expect(orders).toHaveLength(20);
    expect(orders[0]!.createdAt > orders[19]!.createdAt).toBe(true);
    const history = await stack.query(`{ me { orderHistory(first: 5) { totalCount edges { node { id } } } } }`, {}, token);
    expect(history.data?.me.orderHistory.totalCount).toBe(ORDERS);
  });

  it("cuts off an answer past RESPONSE_MAX_SIZE with an error and none of the partial data", async () => {
    const router = await stack.startRouter({ RESPONSE_MAX_SIZE: "4kb" });
    const query = `{ me { orderHistory(first: 30) { edges { node { id items { quantity product { name description } } } } } } }`;
    const result = await postGraphQL(router.graphqlUrl, query, {}, { authorization: `Bearer ${token}` });
    expect(result.data ?? undefined).toBeUndefined();
    expect(result.errors).toHaveLength(1);
    expect(result.errors?.[0]?.extensions?.code).toBe("RESPONSE_TOO_LARGE");
    expect(result.errors?.[0]?.message).toMatch(/larger than the limit of 4096 bytes/);
    // A small answer from the same router is untouched.
    const small = await postGraphQL(router.graphqlUrl, `{ me { orderHistory(first: 2) { totalCount } } }`, {}, { authorization: `Bearer ${token}` });
    expect(small.data?.me.orderHistory.totalCount).toBe(ORDERS);
  });
});
