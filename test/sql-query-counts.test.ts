// No N+1: the SQL statements each subgraph runs for deep queries through the real router, counted with
// db_queries_total, are exact, do not grow with the number of orders or items, and stay within twice the
// subgraph requests of the operation.
import { callSubgraph } from "@shop/shared/testing";
import { seedOrders, seedProducts, seedUsers } from "@shop/shared/seed-data";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "./support/databases.ts";
import { measure, type OperationCost, total } from "./support/sql-counts.ts";
import { type Stack, startStack } from "./support/stack.ts";

const [ada, grace] = seedUsers as [(typeof seedUsers)[0], (typeof seedUsers)[0]];
// Background work would add its statements to the counts: give the workers an hour between runs, and turn the
// router's caches off (their change-feed polls run statements on products, and a cache hit would skip the very
// fetches whose statements are counted here).
// The router's session check (one users statement per session per SESSION_CHECK_TTL_MS, none after log-in) is
// not part of any operation's cost: held for the whole run so a slow test does not see it.
const QUIET_WORKERS = { ORDER_SWEEP_INTERVAL_MS: "3600000", PAYMENT_RECOVERY_INTERVAL_MS: "3600000", RESPONSE_CACHE: "false", SESSION_CHECK_TTL_MS: "300000" };

const ORDER_HISTORY = `{ me { name orders { id totalCents items { quantity product { name priceCents } } payment { status } } } }`;
const CATALOG_PAGE = `{ products(first: 24) { totalCount edges { cursor node { id name priceCents currency inStock } } pageInfo { hasNextPage endCursor } } }`;
const PRODUCT_PAGE = `query ($id: ID!) { product(id: $id) { id name priceCents currency inStock description stock } }`;

/** What the order history costs whoever asks: one statement per entity type per plan step, whatever the size. */
const ORDER_HISTORY_SQL = { users: 1, orders: 2, products: 1, payments: 1 };
const ONE_REQUEST_EACH = { users: 1, orders: 1, products: 1, payments: 1 };

/** The rule the benchmark also checks: SQL statements per operation <= 2 x subgraph requests per operation. */
function expectWithinBudget(cost: OperationCost): void {
  expect(total(cost.requests)).toBeGreaterThan(0);
  expect(total(cost.sql)).toBeLessThanOrEqual(2 * total(cost.requests));
}

describe.each(backends)("SQL statements per operation on %s", (backend) => {
  let stack: Stack;
  const tokens: Record<string, string> = {};
  // A shopper with many more orders and lines than the demo shoppers, for the N+1 guard.
  const bigShopper = { email: "big-shopper@example.com", orders: 8, linesPerOrder: 5, paid: 4 };

  beforeAll(async () => {
    stack = await startStack(backend, QUIET_WORKERS);
    [tokens.ada, tokens.grace] = await Promise.all([stack.login(ada.email), stack.login(grace.email)]);
    const signUp = await stack.query(
      `mutation ($input: SignUpInput!) { signUp(input: $input) { token } }`,
      { input: { email: bigShopper.email, name: "Big Shopper", password: "storefront-demo" } },
    );
    tokens.big = signUp.data?.signUp.token;
    const inStock = seedProducts.filter((product) => product.stock >= 50);
    for (let n = 0; n < bigShopper.orders; n++) {
      const items = Array.from({ length: bigShopper.linesPerOrder }, (_, line) => ({
        productId: inStock[(n + line) % inStock.length]!.id,
        quantity: 1 + line,
      }));
      const placed = await stack.query(
        `mutation ($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }`,
        { input: { idempotencyKey: `big-shopper-order-${n}`, items } },
        tokens.big,
      );
      expect(placed.errors).toBeUndefined();
      if (n >= bigShopper.paid) continue;
      const paid = await stack.query(
        `mutation ($input: PayOrderInput!) { payOrder(input: $input) { status } }`,
        { input: { orderId: placed.data?.placeOrder.id, paymentMethod: "pm_card_visa", idempotencyKey: `big-shopper-payment-${n}` } },
        tokens.big,
      );
      expect(paid.data?.payOrder.status).toBe("SUCCEEDED");
    }
    // Let the workers' first runs (started with the services) finish before anything is counted.
    await Promise.all([stack.subgraphs.orders.sweep(), stack.subgraphs.payments.recover()]);
  }, 120_000);
  afterAll(() => stack?.stop());

  const orderHistory = (who: string) => measure(stack.subgraphs, () => stack.query(ORDER_HISTORY, {}, tokens[who]));

  it("reads Ada's order history with one statement per entity type per plan step", async () => {
    const cost = await orderHistory("ada");
    expect(cost.result.errors).toBeUndefined();
    const orders = cost.result.data?.me.orders as Array<{ items: unknown[]; payment: { status: string } }>;
    expect(orders).toHaveLength(seedOrders.filter((order) => order.userId === ada.id).length);
    expect(orders.every((order) => order.payment.status === "SUCCEEDED")).toBe(true);
    expect(cost.sql).toEqual(ORDER_HISTORY_SQL);
    expect(cost.requests).toEqual(ONE_REQUEST_EACH);
    expectWithinBudget(cost);
  });

  it("does not run more statements for a shopper with more orders and items (the N+1 guard)", async () => {
    const small = await orderHistory("grace");
    const big = await orderHistory("big");
    const lines = (result: typeof big.result) =>
      (result.data?.me.orders as Array<{ items: unknown[] }>).reduce((sum, order) => sum + order.items.length, 0);
    expect(big.result.errors).toBeUndefined();
    expect(big.result.data?.me.orders).toHaveLength(bigShopper.orders);
    expect(lines(big.result)).toBe(bigShopper.orders * bigShopper.linesPerOrder);
    expect(lines(big.result)).toBeGreaterThan(3 * lines(small.result));
    expect(small.sql).toEqual(ORDER_HISTORY_SQL);
    expect(big.sql).toEqual(ORDER_HISTORY_SQL);
    expect(big.requests).toEqual(small.requests);
    expectWithinBudget(big);
  });

  it("lists orders for staff with one statement per entity type, however many orders the page holds", async () => {
    const staff = await stack.login("staff@example.com");
    const list = `query ($first: Int) { orders(first: $first) { totalCount edges { node {
      id shippingAddress { city } shipment { trackingNumber } items { quantity product { name } }
    } } } }`;
    const few = await measure(stack.subgraphs, () => stack.query(list, { first: 2 }, staff));
    const many = await measure(stack.subgraphs, () => stack.query(list, { first: 12 }, staff));
    expect(many.result.errors).toBeUndefined();
    expect([few.result.data?.orders.edges.length, many.result.data?.orders.edges.length]).toEqual([2, 12]);
    // Orders: the page, totalCount and the lines (one loader); products: the names. (Order.events would add one
    // statement, its loader's, however many orders.)
    expect(few.sql).toEqual({ users: 0, orders: 3, products: 1, payments: 0 });
    expect(many.sql).toEqual(few.sql);
    expectWithinBudget(many);
  });

  it("reads a catalog page with one statement for the rows and one for totalCount", async () => {
    const cost = await measure(stack.subgraphs, () => stack.query(CATALOG_PAGE));
    expect(cost.result.errors).toBeUndefined();
    expect(cost.result.data?.products.edges).toHaveLength(24);
    expect(cost.sql).toEqual({ users: 0, orders: 0, products: 2, payments: 0 });
    expect(cost.requests).toEqual({ users: 0, orders: 0, products: 1, payments: 0 });
    expectWithinBudget(cost);
  });

  it("reads a product page with one statement", async () => {
    const product = seedProducts[3]!;
    const cost = await measure(stack.subgraphs, () => stack.query(PRODUCT_PAGE, { id: product.id }));
    expect(cost.result.data?.product).toMatchObject({ id: product.id, name: product.name, stock: product.stock });
    expect(cost.sql).toEqual({ users: 0, orders: 0, products: 1, payments: 0 });
    expectWithinBudget(cost);
  });

  it("places an order without reading back the rows it wrote", async () => {
    const items = seedProducts.filter((product) => product.stock >= 50).slice(0, 4).map((product) => ({ productId: product.id, quantity: 1 }));
    const cost = await measure(stack.subgraphs, () =>
      stack.query(
        `mutation ($input: PlaceOrderInput!) { placeOrder(input: $input) { id totalCents items { quantity product { name } } } }`,
        { input: { idempotencyKey: "counted-order-1", items } },
        tokens.big,
      ),
    );
    expect(cost.result.errors).toBeUndefined();
    expect(cost.result.data?.placeOrder.items).toHaveLength(items.length);
    // orders: the key's order or a new shell with its key (one statement), the shopper's holdings for the caps on
    // unpaid orders (one statement, before reserving), then a transaction holding the shopper's lock (its start, the
    // lock, the holdings again, and the completion with its lines); Order.items reads nothing.
    // products: reserveStock in one statement whatever the number of lines (lock, check, decrement, reservation,
    // lines, the change feed's rows for the router's cache), then the items' products for the router.
    expect(cost.sql).toEqual({ users: 0, orders: 6, products: 2, payments: 0 });
    expect(cost.requests).toEqual({ users: 0, orders: 1, products: 2, payments: 0 });
    // The caps' lock and reads (docs/security.md#caps-on-unpaid-orders) are the statements above the usual budget.
    expect(total(cost.sql)).toBeLessThanOrEqual(2 * total(cost.requests) + 2);
  });

  it("reserves an order's stock with the same statements for one line or many", async () => {
    const inStock = seedProducts.filter((product) => product.stock >= 50);
    for (const size of [1, 5]) {
      const items = inStock.slice(0, size).map((product) => ({ productId: product.id, quantity: 1 }));
      const cost = await measure(stack.subgraphs, () =>
        stack.query(
          `mutation ($input: PlaceOrderInput!) { placeOrder(input: $input) { id items { product { name } } } }`,
          { input: { idempotencyKey: `counted-lines-${size}`, items } },
          tokens.big,
        ),
      );
      expect(cost.result.errors).toBeUndefined();
      expect(cost.result.data?.placeOrder.items).toHaveLength(size);
      // products: reserveStock (one statement), then the items' products for the router (one statement).
      expect(cost.sql.products).toBe(2);
      expect(cost.requests.products).toBe(2);
    }
  });

  /** A new PENDING order of the big shopper's, placed outside the counts. */
  async function pendingOrder(idempotencyKey: string): Promise<string> {
    const item = seedProducts.find((product) => product.stock >= 50)!;
    const placed = await stack.query(
      `mutation ($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }`,
      { input: { idempotencyKey, items: [{ productId: item.id, quantity: 1 }] } },
      tokens.big,
    );
    expect(placed.errors).toBeUndefined();
    return placed.data?.placeOrder.id;
  }

  it("cancels an order with one statement in orders, and one more to drop its delivered release", async () => {
    const orderId = await pendingOrder("counted-cancel-1");
    const cost = await measure(stack.subgraphs, () =>
      stack.query(`mutation ($id: ID!) { cancelOrder(orderId: $id) { id status } }`, { id: orderId }, tokens.big),
    );
    expect(cost.result.errors).toBeUndefined();
    expect(cost.result.data?.cancelOrder.status).toBe("CANCELLED");
    // orders: the cancel with its stock.release message (born claimed), then the DELETE once products released it.
    // products: releaseReservation in one statement (orders asks for its status only, so no lines are read).
    expect(cost.sql).toEqual({ users: 0, orders: 2, products: 1, payments: 0 });
    expect(cost.requests).toEqual({ users: 0, orders: 1, products: 1, payments: 0 });
    expectWithinBudget(cost);
  });

  it("pays an order with one statement per orders step, and one more to drop its delivered commit", async () => {
    const orderId = await pendingOrder("counted-payment-1");
    const cost = await measure(stack.subgraphs, () =>
      stack.query(
        `mutation ($input: PayOrderInput!) { payOrder(input: $input) { id status amountCents createdAt order { id status } } }`,
        { input: { orderId, paymentMethod: "pm_card_visa", idempotencyKey: "counted-payment-1" } },
        tokens.big,
      ),
    );
    expect(cost.result.errors).toBeUndefined();
    const paid = cost.result.data?.payOrder;
    expect(paid).toMatchObject({ status: "SUCCEEDED", order: { id: orderId, status: "PAID" } });
    // The answer comes from RETURNING, not a read-back: it is the stored row, to the millisecond.
    const stored = await stack.subgraphs.payments.prisma.payment.findUniqueOrThrow({ where: { id: paid.id } });
    expect(paid.createdAt).toBe(stored.createdAt.toISOString());
    expect(paid.amountCents).toBe(stored.amountCents);
    expect(stored.status).toBe("SUCCEEDED");
    // payments: the key's replay and "already paid?" (1), the PENDING payment with its key (1), the simulated
    // processor's ledger (1), SUCCEEDED with the order.paid message born claimed (1), the delivered message's DELETE (1).
    expect(cost.sql.payments).toBe(5);
    // orders: beginOrderPayment (one statement), markOrderPaid with its stock.commit message (one statement), the
    // DELETE once products committed it, and the router's fetch of the paid order's status (one statement).
    expect(cost.sql.orders).toBe(4);
    // products: commitReservation in one statement (status only, no lines).
    expect(cost.sql).toEqual({ users: 0, orders: 4, products: 1, payments: 5 });
    expect(cost.requests).toEqual({ users: 0, orders: 3, products: 1, payments: 1 });
    expectWithinBudget(cost);
  });

  it("resolves an _entities batch of every product, with repeats and unknown ids, in one statement", async () => {
    const unknown = "00000000-0000-4000-8000-000000000000";
    const ids = [...seedProducts.map((product) => product.id), ...seedProducts.slice(0, 5).map((product) => product.id), unknown, "not-a-uuid"];
    const cost = await measure(stack.subgraphs, () =>
      callSubgraph(
        stack.subgraphs.products.url,
        stack.keysOf("products"),
        `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Product { id name } } }`,
        { representations: ids.map((id) => ({ __typename: "Product", id })) },
      ),
    );
    expect(cost.result.errors).toBeUndefined();
    const entities = cost.result.data?._entities as Array<{ id: string } | null>;
    expect(entities).toHaveLength(ids.length);
    expect(entities.slice(0, seedProducts.length).map((entity) => entity?.id)).toEqual(seedProducts.map((product) => product.id));
    expect(entities.slice(-2)).toEqual([null, null]);
    expect(cost.sql).toEqual({ users: 0, orders: 0, products: 1, payments: 0 });
    expect(cost.requests).toEqual({ users: 0, orders: 0, products: 1, payments: 0 });
  });
});
