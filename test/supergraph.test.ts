// The supergraph end to end: real subgraphs and the real router over HTTP, on PGlite and (when
// TEST_POSTGRES_URL is set) on PostgreSQL.
import { seedOrders, seedProducts, seedUsers } from "@shop/shared/seed-data";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { metric } from "../router/test/support/metrics.ts";
import { backends } from "./support/databases.ts";
import { type Stack, startStack } from "./support/stack.ts";

const [ada, grace] = seedUsers as [(typeof seedUsers)[0], (typeof seedUsers)[0]];
const adaOrders = seedOrders.filter((order) => order.userId === ada.id);

describe.each(backends)("supergraph on %s", (backend) => {
  let stack: Stack;
  let adaToken: string;
  let graceToken: string;

  beforeAll(async () => {
    stack = await startStack(backend);
    [adaToken, graceToken] = await Promise.all([stack.login(ada.email), stack.login(grace.email)]);
  });
  afterAll(() => stack?.stop());

  it("answers a query that spans all four subgraphs, with totals that add up", async () => {
    const { data, errors } = await stack.query(
      `{ me { email orders { id totalCents currency status
           items { quantity unitPriceCents product { name priceCents } }
           payment { status amountCents } } } }`,
      {},
      adaToken,
    );
    expect(errors).toBeUndefined();
    expect(data?.me.email).toBe(ada.email);
    const orders = data?.me.orders as Array<any>;
    expect(orders.map((order) => order.id)).toEqual(
      [...adaOrders].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()).map((order) => order.id),
    );
    for (const order of orders) {
      const sum = order.items.reduce((total: number, item: any) => total + item.quantity * item.unitPriceCents, 0);
      expect(order.totalCents).toBe(sum);
      expect(order.payment).toEqual({ status: "SUCCEEDED", amountCents: sum });
      expect(order.status).toBe("PAID");
      for (const item of order.items) expect(typeof item.product.name).toBe("string");
    }
  });

  it("pages through the whole catalog with cursors", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 20; page++) {
      const { data, errors }: { data?: any; errors?: unknown } = await stack.query(
        `query ($after: String) { products(first: 10, after: $after) { totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      expect(errors).toBeUndefined();
      expect(data?.products.totalCount).toBe(seedProducts.length);
      seen.push(...data?.products.edges.map((edge: any) => edge.node.id));
      if (!data?.products.pageInfo.hasNextPage) break;
      after = data.products.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(seedProducts.length);
    expect(new Set(seen)).toEqual(new Set(seedProducts.map((product) => product.id)));
  });

  it("shows nobody else's orders", async () => {
    const adaOrder = adaOrders[0]!;
    const asGrace = await stack.query(`query ($id: ID!) { order(id: $id) { id } }`, { id: adaOrder.id }, graceToken);
    expect(asGrace.data?.order).toBeNull();
    expect(asGrace.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");

    const graceOrders = await stack.query(`{ me { orders { id } } }`, {}, graceToken);
    const ids = graceOrders.data?.me.orders.map((order: any) => order.id);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids).not.toContain(adaOrder.id);

    const anonymous = await stack.query(`query ($id: ID!) { me { id } order(id: $id) { id } }`, { id: adaOrder.id });
    expect(anonymous.data?.me).toBeNull();
    expect(anonymous.data?.order).toBeNull();
    expect(anonymous.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");

    const own = await stack.query(`query ($id: ID!) { order(id: $id) { id payment { amountCents } } }`, { id: adaOrder.id }, adaToken);
    expect(own.data?.order).toEqual({ id: adaOrder.id, payment: { amountCents: adaOrder.totalCents } });
  });

  // Reads the router's metrics: the in-process stack only (an external router's listener is not known here).
  it.skipIf(Boolean(process.env.STACK_ROUTER_URL))("enforces the graph's @authenticated in the router: an anonymous checkout reaches no subgraph", async () => {
    const fetches = async () => {
      const text = await (await fetch(stack.router.metricsUrl)).text();
      const count = (subgraph: string, outcome: string) => metric(text, "subgraph_fetch_duration_seconds_count", { subgraph, outcome }) ?? 0;
      return ["orders", "payments"].map((subgraph) => count(subgraph, "ok") + count(subgraph, "error"));
    };
    const before = await fetches();
    const product = seedProducts[0]!;
    const place = await stack.query(`mutation ($i: PlaceOrderInput!) { placeOrder(input: $i) { id } }`, {
      i: { items: [{ productId: product.id, quantity: 1 }], idempotencyKey: "anonymous-checkout-1" },
    });
    const pay = await stack.query(`mutation { payOrder(input: { orderId: "${adaOrders[0]!.id}", paymentMethod: "pm_card_visa", idempotencyKey: "anonymous-pay-1" }) { id } }`);
    for (const [response, field] of [[place, "placeOrder"], [pay, "payOrder"]] as const) {
      expect(response.data ?? null).toBeNull();
      expect(response.errors?.map((error) => [error.extensions?.code, error.path])).toEqual([["UNAUTHENTICATED", [field]]]);
    }
    const history = await stack.query(`{ products(first: 1) { totalCount } order(id: "${adaOrders[0]!.id}") { id } }`);
    expect(history.data?.order).toBeNull();
    expect(history.data?.products.totalCount).toBeGreaterThan(0);
    expect(await fetches()).toEqual(before);
  });

  it("refuses a forged or expired bearer token with 401", async () => {
    const forged = await stack.query(`{ me { id } }`, {}, `${adaToken.slice(0, -4)}AAAA`);
    expect(forged.status).toBe(401);
    expect(forged.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  describe("bad input gets a clear code and changes nothing", () => {
    it("unknown and malformed product ids", async () => {
      const unknown = await stack.query(`{ product(id: "00000000-0000-4000-8000-000000000000") { id } }`);
      expect(unknown.data?.product).toBeNull();
      expect(unknown.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
      const malformed = await stack.query(`{ product(id: "not-an-id") { id } }`);
      expect(malformed.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    });

    it("a malformed cursor", async () => {
      const { data, errors } = await stack.query(`{ products(first: 5, after: "bm90LWEtY3Vyc29y") { totalCount } }`);
      expect(data).toBeNull();
      expect(errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    });

    it("a wrong password", async () => {
      const { data, errors } = await stack.query(`mutation { login(email: "${ada.email}", password: "not-her-password") { token } }`);
      expect(data).toBeNull();
      expect(errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    });

    it("a duplicate email, leaving the existing account as it was", async () => {
      const before = await stack.subgraphs.users.prisma.user.findUniqueOrThrow({ where: { email: ada.email } });
      const accounts = await stack.subgraphs.users.prisma.user.count();
      const { data, errors } = await stack.query(
        `mutation ($i: SignUpInput!) { signUp(input: $i) { token } }`,
        { i: { email: "Ada@Example.com", name: "Impostor", password: "long enough password" } },
      );
      expect(data).toBeNull();
      expect(errors?.[0]?.extensions?.code).toBe("CONFLICT");
      const after = await stack.subgraphs.users.prisma.user.findUniqueOrThrow({ where: { email: ada.email } });
      expect(after).toEqual(before);
      // Compared with the count before (not the seed's), so it also holds on a shared external stack (pnpm test:hosts).
      expect(await stack.subgraphs.users.prisma.user.count()).toBe(accounts);
    });

    it("never leaks internals in errors", async () => {
      const { errors } = await stack.query(`{ product(id: "00000000-0000-4000-8000-000000000000") { id } }`);
      const text = JSON.stringify(errors);
      expect(text).not.toMatch(/stacktrace|127\.0\.0\.1|localhost|prisma|SELECT/i);
    });
  });

  it("signs up a new shopper who can log in and sees an empty order history", async () => {
    const { data, errors } = await stack.query(
      `mutation ($i: SignUpInput!) { signUp(input: $i) { token user { email } } }`,
      { i: { email: `new-${backend}@example.com`, name: "New Shopper", password: "a long password" } },
    );
    expect(errors).toBeUndefined();
    const me = await stack.query(`{ me { email orders { id } } }`, {}, data?.signUp.token);
    expect(me.data?.me).toEqual({ email: `new-${backend}@example.com`, orders: [] });
  });
});
