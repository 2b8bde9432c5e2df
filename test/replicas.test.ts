// Stateless replicas: two of every subgraph and two routers on one machine, each pair behind a round-robin proxy and
// sharing the service's PostgreSQL database. Logins, idempotency, stock and payments must hold whichever replica
// answers. Needs PostgreSQL (TEST_POSTGRES_URL): replicas share a database, and PGlite is single-process.
import { createHash, randomUUID } from "node:crypto";
import { seedUsers } from "@shop/shared/seed-data";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { key, ORDER_FIELDS, PAYMENT_FIELDS } from "./support/checkout.ts";
import { type ReplicatedStack, startReplicatedStack } from "./support/replicas.ts";

vi.setConfig({ testTimeout: 120_000 });
const [ada, grace] = seedUsers as [(typeof seedUsers)[0], (typeof seedUsers)[0]];
const code = (result: { errors?: Array<{ extensions?: Record<string, any> }> }) => result.errors?.[0]?.extensions?.code;
const LOGIN = "mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token } }";
const PLACE = `mutation ($input: PlaceOrderInput!) { placeOrder(input: $input) { ${ORDER_FIELDS} } }`;
const PAY = `mutation ($input: PayOrderInput!) { payOrder(input: $input) { ${PAYMENT_FIELDS} } }`;

describe.skipIf(!process.env.TEST_POSTGRES_URL)("two replicas of every service behind round-robin proxies (skipped without TEST_POSTGRES_URL: replicas share a PostgreSQL database)", () => {
  let stack: ReplicatedStack;
  let routerA: string;
  let routerB: string;
  let adaToken: string;
  let graceToken: string;

  const login = async (email: string, at: string, password = "storefront-demo") => {
    const result = await stack.query<{ login: { token: string } }>(LOGIN, { e: email, p: password }, undefined, at);
    if (!result.data?.login) throw new Error(`login failed: ${JSON.stringify(result.errors)}`);
    return result.data.login.token;
  };
  const place = (token: string, items: Array<{ productId: string; quantity: number }>, idempotencyKey = key(), at?: string) =>
    stack.query(PLACE, { input: { items, idempotencyKey } }, token, at);
  const pay = (token: string, orderId: string, idempotencyKey = key(), at?: string) =>
    stack.query(PAY, { input: { orderId, paymentMethod: "pm_card_visa", idempotencyKey } }, token, at);
  const newProduct = (stock: number, priceCents = 1000) =>
    stack.subgraphs.products.prisma.product.create({
      data: { sku: `TEST-${randomUUID()}`, name: `Replica test ${randomUUID().slice(0, 8)}`, description: "For a test", priceCents, stock },
    });
  const stock = async (id: string) => (await stack.subgraphs.products.prisma.product.findUniqueOrThrow({ where: { id } })).stock;

  beforeAll(async () => {
    stack = await startReplicatedStack();
    [routerA, routerB] = stack.routerUrls as [string, string];
    [adaToken, graceToken] = [await login(ada.email, routerA), await login(grace.email, routerB)];
  });
  afterAll(() => stack?.stop());

  it("a login on one router replica is accepted by the other, and a new account on one logs in on the other", async () => {
    const onB = await stack.query(`{ me { email orders { id } } }`, {}, adaToken, routerB);
    expect(onB.errors).toBeUndefined();
    expect(onB.data?.me.email).toBe(ada.email);

    const email = `replica-${randomUUID().slice(0, 8)}@example.com`;
    const signUp = await stack.query(
      `mutation ($i: SignUpInput!) { signUp(input: $i) { token } }`,
      { i: { email, name: "Replica Shopper", password: "a long password" } },
      undefined,
      routerB,
    );
    expect(signUp.errors).toBeUndefined();
    // Through the proxy, alternately on each router and (behind them) on each users replica.
    for (const at of [routerA, routerB, stack.url, stack.url]) {
      const token = await login(email, at, "a long password");
      const me = await stack.query(`{ me { email } }`, {}, token, stack.url);
      expect(me.data?.me).toEqual({ email });
    }
  });

  it("the same idempotency key sent at once to both routers places one order and reserves its stock once", async () => {
    const item = await newProduct(10, 1500);
    const idempotencyKey = key();
    const items = [{ productId: item.id, quantity: 3 }];
    const results = await Promise.all([routerA, routerB, routerA, routerB, stack.url, stack.url].map((at) => place(adaToken, items, idempotencyKey, at)));
    for (const result of results) expect(result.errors).toBeUndefined();
    const ids = new Set(results.map((result) => result.data!.placeOrder.id));
    expect(ids.size).toBe(1);
    expect(await stack.subgraphs.orders.prisma.order.count({ where: { items: { some: { productId: item.id } } } })).toBe(1);
    expect(await stack.subgraphs.orders.prisma.idempotencyKey.count({ where: { key: idempotencyKey } })).toBe(1);
    expect(await stock(item.id)).toBe(7);
  });

  it("parallel buyers through both routers for fewer units than buyers: exactly the stock sells, never below zero", async () => {
    const units = 5;
    const scarce = await newProduct(units, 4900);
    const buyers = Array.from({ length: 16 }, (_, i) => (i % 2 ? graceToken : adaToken));
    const results = await Promise.all(buyers.map((token) => place(token, [{ productId: scarce.id, quantity: 1 }])));
    const won = results.filter((result) => result.data?.placeOrder);
    expect(won).toHaveLength(units);
    for (const lost of results.filter((result) => !result.data?.placeOrder)) expect(code(lost)).toBe("INSUFFICIENT_STOCK");
    expect(await stock(scarce.id)).toBe(0);
    const held = await stack.subgraphs.products.prisma.reservationLine.aggregate({ where: { productId: scarce.id }, _sum: { quantity: true } });
    expect(held._sum.quantity).toBe(units);
    expect(await stack.subgraphs.orders.prisma.orderItem.count({ where: { productId: scarce.id } })).toBe(units);
  });

  it("payment happens once: the same payOrder on both routers at once, then again with a new key", async () => {
    const item = await newProduct(4, 8900);
    const orderId = (await place(adaToken, [{ productId: item.id, quantity: 2 }])).data!.placeOrder.id;
    const payKey = key();
    const attempts = await Promise.all([routerA, routerB, routerA, routerB].map((at) => pay(adaToken, orderId, payKey, at)));
    const succeeded = attempts.filter((attempt) => attempt.data?.payOrder);
    expect(succeeded.length).toBeGreaterThanOrEqual(1);
    // A retry racing the first request either gets the same payment or is told to wait; never a second charge.
    for (const attempt of attempts) if (!attempt.data?.payOrder) expect(code(attempt)).toBe("CONFLICT");
    expect(new Set(succeeded.map((attempt) => attempt.data!.payOrder.id)).size).toBe(1);
    // A retry that replays the stored payment can answer before the first request has told orders (the order then
    // still reads PENDING in that answer); once every attempt has returned, the first one has delivered it.
    for (const attempt of succeeded) expect(attempt.data!.payOrder).toMatchObject({ status: "SUCCEEDED", amountCents: 2 * 8900, order: { id: orderId } });
    const read = await stack.query(`query ($id: ID!) { order(id: $id) { status payment { status } } }`, { id: orderId }, adaToken);
    expect(read.data?.order).toEqual({ status: "PAID", payment: { status: "SUCCEEDED" } });

    expect(code(await pay(adaToken, orderId, key(), routerB))).toBe("CONFLICT");
    const payments = await stack.subgraphs.payments.prisma.payment.findMany({ where: { orderId } });
    expect(payments.filter((payment) => payment.status === "SUCCEEDED")).toHaveLength(1);
    const charges = await stack.subgraphs.payments.prisma.simulatedCharge.findMany({ where: { idempotencyKey: { in: payments.map((p) => p.id) } } });
    expect(charges).toHaveLength(1);
    expect((await stack.subgraphs.products.prisma.reservation.findUnique({ where: { orderId } }))?.status).toBe("COMMITTED");
  });

  it("both orders sweepers expiring the same order at once give its stock back once", async () => {
    const item = await newProduct(3, 700);
    const orderId = (await place(adaToken, [{ productId: item.id, quantity: 2 }])).data!.placeOrder.id;
    await stack.subgraphs.orders.prisma.order.update({ where: { id: orderId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await Promise.all(stack.replicas.orders.map((replica) => replica.sweep()));
    await Promise.all(stack.replicas.orders.map((replica) => replica.sweep()));
    expect((await stack.subgraphs.orders.prisma.order.findUniqueOrThrow({ where: { id: orderId } })).status).toBe("CANCELLED");
    expect(await stock(item.id)).toBe(3);
    expect((await stack.subgraphs.products.prisma.reservation.findUnique({ where: { orderId } }))?.status).toBe("RELEASED");
  });

  it("a query registered by hash (APQ) on one router is unknown to the other, which asks for it once and then serves it", async () => {
    const query = `{ products(first: 2) { totalCount } }`;
    const sha256Hash = createHash("sha256").update(query).digest("hex");
    const extensions = { persistedQuery: { version: 1, sha256Hash } };
    const send = (at: string, body: Record<string, unknown>) =>
      fetch(at, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).then((r) => r.json() as Promise<any>);

    expect((await send(routerA, { query, extensions })).data.products.totalCount).toBeGreaterThan(0);
    expect((await send(routerA, { extensions })).data.products.totalCount).toBeGreaterThan(0);
    // Per-replica cache: a miss on the other replica is the protocol's normal PERSISTED_QUERY_NOT_FOUND, never a wrong answer.
    expect((await send(routerB, { extensions })).errors[0].extensions.code).toBe("PERSISTED_QUERY_NOT_FOUND");
    expect((await send(routerB, { query, extensions })).data.products.totalCount).toBeGreaterThan(0);
    expect((await send(routerB, { extensions })).data.products.totalCount).toBeGreaterThan(0);
  });

  it("each router's cache learns of a sale made through the other (the products change feed reaches every replica)", async () => {
    const item = await newProduct(4);
    const STOCK = `query ($id: ID!) { product(id: $id) { id stock } }`;
    // Warm both routers' caches with the anonymous product read (stock 4).
    for (const at of [routerA, routerB, routerA, routerB]) {
      const read = await stack.query<{ product: { stock: number } }>(STOCK, { id: item.id }, undefined, at);
      expect(read.data?.product.stock).toBe(4);
    }
    const sold = await place(adaToken, [{ productId: item.id, quantity: 3 }], key(), routerA);
    expect(sold.errors).toBeUndefined();
    // Within the staleness bound (a feed poll, 250 ms by default), neither router serves the old stock.
    for (const at of [routerA, routerB]) {
      await vi.waitFor(
        async () => {
          const read = await stack.query<{ product: { stock: number } }>(STOCK, { id: item.id }, undefined, at);
          expect(read.data?.product.stock).toBe(1);
        },
        { timeout: 10_000, interval: 100 },
      );
    }
  });

  it("every proxy really alternated: each replica got its share of the requests", () => {
    for (const [service, proxy] of Object.entries(stack.proxies)) {
      const counts = Object.values(proxy.hits());
      expect({ service, replicas: counts.length }).toEqual({ service, replicas: 2 });
      // Strict round robin over one counter: the replicas' counts differ by at most one.
      expect({ service, busy: Math.min(...counts) > 0 }).toEqual({ service, busy: true });
      expect(Math.abs(counts[0]! - counts[1]!)).toBeLessThanOrEqual(1);
    }
  });
});
