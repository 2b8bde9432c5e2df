// Staff manage the catalogue through the router, on two replicas of every service (needs TEST_POSTGRES_URL:
// replicas share a PostgreSQL database): a price change made through one router purges both routers' caches
// within the change feed's bound (docs/change-feed.md) and never alters an order placed before it; a restock
// reaches both caches too; a write-off below what open orders hold is refused; an archived product leaves the
// catalogue and search on both routers but still shows in the order history; and only staff get through.
import { randomUUID } from "node:crypto";
import { seedUsers } from "@shop/shared/seed-data";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { key, ORDER_FIELDS } from "./support/checkout.ts";
import { type ReplicatedStack, startReplicatedStack } from "./support/replicas.ts";

vi.setConfig({ testTimeout: 120_000 });
const ada = seedUsers.find((user) => user.email === "ada@example.com")!;
const staff = seedUsers.find((user) => user.email === "staff@example.com")!;
const code = (result: { errors?: Array<{ extensions?: Record<string, any> }> }) => result.errors?.[0]?.extensions?.code;

const LOGIN = "mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token } }";
const PLACE = `mutation ($input: PlaceOrderInput!) { placeOrder(input: $input) { ${ORDER_FIELDS} } }`;
const CREATE = "mutation ($input: CreateProductInput!) { createProduct(input: $input) { id sku priceCents stock archived } }";
const UPDATE = "mutation ($id: ID!, $input: UpdateProductInput!) { updateProduct(id: $id, input: $input) { id priceCents } }";
const ADJUST = "mutation ($id: ID!, $delta: Int!, $reason: String!) { adjustStock(id: $id, delta: $delta, reason: $reason) { id stock } }";
const ARCHIVE = "mutation ($id: ID!) { archiveProduct(id: $id) { id archived } }";
const PRODUCT = "query ($id: ID!) { product(id: $id) { id name priceCents stock imageUrl archived } }";
const SEARCH = "query ($search: String) { products(first: 10, search: $search) { edges { node { id } } totalCount } }";
const MY_ORDER = "query ($id: ID!) { order(id: $id) { id totalCents items { quantity unitPriceCents product { id name priceCents archived } } } }";

describe.skipIf(!process.env.TEST_POSTGRES_URL)("catalogue management through two router replicas (skipped without TEST_POSTGRES_URL)", () => {
  let stack: ReplicatedStack;
  let routers: [string, string];
  let staffToken: string;
  let adaToken: string;

  const login = async (email: string, at: string) => {
    const result = await stack.query<{ login: { token: string } }>(LOGIN, { e: email, p: "storefront-demo" }, undefined, at);
    if (!result.data?.login) throw new Error(`login failed: ${JSON.stringify(result.errors)}`);
    return result.data.login.token;
  };
  const asStaff = (query: string, variables: Record<string, unknown>, at: string) => stack.query(query, variables, staffToken, at);
  const create = async (name: string, priceCents: number, stock: number) => {
    const sku = `MGMT-${randomUUID().slice(0, 8).toUpperCase()}`;
    const input = { sku, name, description: "Made by staff in a test.", priceCents, currency: "USD", stock, imageUrl: "/images/products/mug-001.svg" };
    const result = await asStaff(CREATE, { input }, routers[0]);
    expect(result.errors).toBeUndefined();
    return result.data!.createProduct as { id: string; sku: string };
  };
  /** Reads the product anonymously (the cacheable read) on `at` until `check` holds: the bound is a feed poll, 250 ms by default. */
  const eventuallyOn = async (at: string, query: string, variables: Record<string, unknown>, check: (data: any) => void) =>
    vi.waitFor(
      async () => {
        const read = await stack.query(query, variables, undefined, at);
        expect(read.errors).toBeUndefined();
        check(read.data);
      },
      { timeout: 10_000, interval: 100 },
    );

  beforeAll(async () => {
    stack = await startReplicatedStack();
    routers = stack.routerUrls as [string, string];
    [staffToken, adaToken] = [await login(staff.email, routers[0]), await login(ada.email, routers[1])];
  });
  afterAll(() => stack?.stop());

  it("a price change purges both routers' caches, and the order placed before it keeps its price while a new one takes the new price", async () => {
    const product = await create(`Price test ${randomUUID().slice(0, 8)}`, 1999, 10);
    const before = await stack.query(PLACE, { input: { items: [{ productId: product.id, quantity: 2 }], idempotencyKey: key() } }, adaToken, routers[1]);
    expect(before.errors).toBeUndefined();
    const orderId = before.data!.placeOrder.id as string;
    expect(before.data!.placeOrder).toMatchObject({ totalCents: 3998, items: [{ quantity: 2, unitPriceCents: 1999 }] });

    // Both routers cache the anonymous product read at the old price.
    for (const at of [...routers, ...routers]) {
      expect((await stack.query(PRODUCT, { id: product.id }, undefined, at)).data?.product).toMatchObject({ priceCents: 1999, stock: 8 });
    }
    const changed = await asStaff(UPDATE, { id: product.id, input: { priceCents: 2999 } }, routers[0]);
    expect(changed.errors).toBeUndefined();
    expect(changed.data?.updateProduct).toEqual({ id: product.id, priceCents: 2999 });
    for (const at of routers) await eventuallyOn(at, PRODUCT, { id: product.id }, (data) => expect(data.product.priceCents).toBe(2999));

    // The order placed before the change still charges what it said, on both routers; its product shows today's price.
    for (const at of routers) {
      const order = await stack.query(MY_ORDER, { id: orderId }, adaToken, at);
      expect(order.errors).toBeUndefined();
      expect(order.data?.order).toMatchObject({ totalCents: 3998, items: [{ quantity: 2, unitPriceCents: 1999, product: { id: product.id, priceCents: 2999 } }] });
    }
    expect(await stack.subgraphs.orders.prisma.order.findUniqueOrThrow({ where: { id: orderId } })).toMatchObject({ totalCents: 3998 });
    const after = await stack.query(PLACE, { input: { items: [{ productId: product.id, quantity: 1 }], idempotencyKey: key() } }, adaToken, routers[0]);
    expect(after.data?.placeOrder).toMatchObject({ totalCents: 2999, items: [{ quantity: 1, unitPriceCents: 2999 }] });

    // Staff see who changed the price, through either router; a customer gets the product without its history.
    const HISTORY = "query ($id: ID!) { product(id: $id) { id history { action actorId details } } }";
    const history = await stack.query(HISTORY, { id: product.id }, staffToken, routers[1]);
    expect(history.errors).toBeUndefined();
    expect(history.data?.product.history).toEqual([
      { action: "CREATE", actorId: staff.id, details: expect.any(String) },
      { action: "UPDATE", actorId: staff.id, details: JSON.stringify({ after: { priceCents: 2999 }, before: { priceCents: 1999 } }) },
    ]);
    const hidden = await stack.query(HISTORY, { id: product.id }, adaToken, routers[0]);
    expect(hidden.data?.product).toEqual({ id: product.id, history: null });
    expect(code(hidden)).toBe("FORBIDDEN");
  });

  it("a restock reaches both caches; a write-off of units open orders hold is refused with the numbers", async () => {
    const product = await create(`Stock test ${randomUUID().slice(0, 8)}`, 500, 3);
    const held = await stack.query(PLACE, { input: { items: [{ productId: product.id, quantity: 2 }], idempotencyKey: key() } }, adaToken, routers[0]);
    expect(held.errors).toBeUndefined();
    for (const at of routers) expect((await stack.query(PRODUCT, { id: product.id }, undefined, at)).data?.product.stock).toBe(1);

    const refused = await asStaff(ADJUST, { id: product.id, delta: -2, reason: "Stocktake" }, routers[1]);
    expect(refused.data).toBeNull();
    expect(refused.errors?.[0]).toMatchObject({
      message: "Cannot write off 2 units: only 1 are available (2 more are held by open reservations and cannot be written off)",
      extensions: { code: "CONFLICT", available: 1, held: 2, delta: -2 },
    });
    const restocked = await asStaff(ADJUST, { id: product.id, delta: 20, reason: "Delivery" }, routers[1]);
    expect(restocked.data?.adjustStock).toEqual({ id: product.id, stock: 21 });
    for (const at of routers) await eventuallyOn(at, PRODUCT, { id: product.id }, (data) => expect(data.product.stock).toBe(21));
  });

  it("an archived product leaves the catalogue and search on both routers, cannot be ordered, and still shows in the order history", async () => {
    const name = `Archive test ${randomUUID().slice(0, 8)}`;
    const product = await create(name, 1200, 5);
    const placed = await stack.query(PLACE, { input: { items: [{ productId: product.id, quantity: 1 }], idempotencyKey: key() } }, adaToken, routers[0]);
    const orderId = placed.data!.placeOrder.id as string;
    for (const at of routers) expect((await stack.query(SEARCH, { search: name }, undefined, at)).data?.products.totalCount).toBe(1);

    expect((await asStaff(ARCHIVE, { id: product.id }, routers[1])).data?.archiveProduct).toEqual({ id: product.id, archived: true });
    for (const at of routers) await eventuallyOn(at, SEARCH, { search: name }, (data) => expect(data.products).toEqual({ edges: [], totalCount: 0 }));

    const refused = await stack.query(PLACE, { input: { items: [{ productId: product.id, quantity: 1 }], idempotencyKey: key() } }, adaToken, routers[0]);
    expect(refused.data?.placeOrder ?? null).toBeNull();
    expect(code(refused)).toBe("NOT_FOUND");
    const history = await stack.query(MY_ORDER, { id: orderId }, adaToken, routers[1]);
    expect(history.data?.order.items).toEqual([{ quantity: 1, unitPriceCents: 1200, product: { id: product.id, name, priceCents: 1200, archived: true } }]);
    for (const at of routers) expect((await stack.query(PRODUCT, { id: product.id }, undefined, at)).data?.product).toMatchObject({ name, archived: true });
  });

  it("refuses anonymous callers (UNAUTHENTICATED) and customers (FORBIDDEN) on every catalogue mutation, changing nothing", async () => {
    const product = await create(`Guarded ${randomUUID().slice(0, 8)}`, 800, 4);
    const attempts: Array<[string, Record<string, unknown>]> = [
      [CREATE, { input: { sku: "NOPE-1", name: "Nope", description: "No.", priceCents: 100, currency: "USD", stock: 1 } }],
      [UPDATE, { id: product.id, input: { priceCents: 1 } }],
      [ADJUST, { id: product.id, delta: -4, reason: "Not allowed" }],
      [ARCHIVE, { id: product.id }],
    ];
    const before = await stack.subgraphs.products.prisma.product.findMany({ orderBy: { id: "asc" } });
    for (const [query, variables] of attempts) {
      for (const at of routers) {
        const anonymous = await stack.query(query, variables, undefined, at);
        expect({ query, code: code(anonymous), data: anonymous.data ?? null }).toEqual({ query, code: "UNAUTHENTICATED", data: null });
        const customer = await stack.query(query, variables, adaToken, at);
        expect({ query, code: code(customer), data: customer.data ?? null }).toEqual({ query, code: "FORBIDDEN", data: null });
      }
    }
    expect(await stack.subgraphs.products.prisma.product.findMany({ orderBy: { id: "asc" } })).toEqual(before);
  });
});
