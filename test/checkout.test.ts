// Checkout through the router: idempotent placeOrder and payOrder, no oversell under concurrency, declined and
// failing cards, cancellation and expiry giving stock back, bad input refused without a trace, strangers kept out.
import { seedProducts, seedUsers } from "@shop/shared/seed-data";
import { callSubgraph } from "@shop/shared/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { checkout, key } from "./support/checkout.ts";
import { backends } from "./support/databases.ts";
import { type Stack, startStack } from "./support/stack.ts";

// Several services and many requests per test: on a shared 2-core CI machine they need more than the default 30 s.
vi.setConfig({ testTimeout: 120_000 });
const [ada, grace] = seedUsers as [(typeof seedUsers)[0], (typeof seedUsers)[0]];
const product = (sku: string) => seedProducts.find((p) => p.sku === sku)!;
const code = (result: { errors?: Array<{ extensions?: Record<string, any> }> }) => result.errors?.[0]?.extensions?.code;

describe.each(backends)("checkout on %s", (backend) => {
  let stack: Stack;
  let shop: ReturnType<typeof checkout>;
  let adaToken: string;
  let graceToken: string;

  beforeAll(async () => {
    stack = await startStack(backend);
    shop = checkout(stack);
    [adaToken, graceToken] = await Promise.all([stack.login(ada.email), stack.login(grace.email)]);
  });
  afterAll(() => stack?.stop());

  it("places an order at the catalogue's prices and reserves its stock; retries with the same key act once", async () => {
    const mug = product("MUG-001");
    const notebook = product("NB-003");
    const [mugBefore, notebookBefore] = [await shop.stock(mug.id), await shop.stock(notebook.id)];
    const ordersBefore = await stack.subgraphs.orders.prisma.order.count({ where: { userId: ada.id } });
    const idempotencyKey = key();
    const items = [{ productId: mug.id, quantity: 2 }, { productId: notebook.id, quantity: 1 }];

    // The first request and three retries, all at once, then one more after they finished.
    const results = await Promise.all([0, 1, 2, 3].map(() => shop.place(adaToken, items, idempotencyKey)));
    results.push(await shop.place(adaToken, [...items].reverse(), idempotencyKey));
    for (const result of results) expect(result.errors).toBeUndefined();
    const order = results[0]!.data!.placeOrder;
    expect(new Set(results.map((result) => result.data!.placeOrder.id))).toEqual(new Set([order.id]));

    expect(order.status).toBe("PENDING");
    expect(order.totalCents).toBe(2 * mug.priceCents + notebook.priceCents);
    expect(order.currency).toBe("USD");
    const expiresIn = Date.parse(order.expiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(890_000);
    expect(expiresIn).toBeLessThanOrEqual(900_000);
    expect(order.items).toHaveLength(2);
    expect(await shop.stock(mug.id)).toBe(mugBefore - 2);
    expect(await shop.stock(notebook.id)).toBe(notebookBefore - 1);
    expect((await shop.reservation(order.id))?.status).toBe("HELD");
    expect(await stack.subgraphs.orders.prisma.order.count({ where: { userId: ada.id } })).toBe(ordersBefore + 1);

    // The same key with other items is refused and changes nothing.
    const before = await shop.snapshot();
    const reused = await shop.place(adaToken, [{ productId: mug.id, quantity: 3 }], idempotencyKey);
    expect(reused.data).toBeNull();
    expect(code(reused)).toBe("IDEMPOTENCY_KEY_REUSED");
    expect(await shop.snapshot()).toEqual(before);

    // Keys belong to a user: Grace's order under the same key is her own, new order.
    const graces = await shop.place(graceToken, items, idempotencyKey);
    expect(graces.errors).toBeUndefined();
    expect(graces.data!.placeOrder.id).not.toBe(order.id);
  });

  it("pays an order once: a retried payOrder returns the same payment, and a paid order is never charged again", async () => {
    const lamp = await shop.product(10, 8900);
    const placed = await shop.place(adaToken, [{ productId: lamp.id, quantity: 3 }]);
    const orderId = placed.data!.placeOrder.id;
    const payKey = key();

    const attempts = await Promise.all([0, 1, 2].map(() => shop.pay(adaToken, orderId, "pm_card_visa", payKey)));
    const succeeded = attempts.filter((attempt) => attempt.data?.payOrder);
    expect(succeeded.length).toBeGreaterThanOrEqual(1);
    for (const attempt of attempts) {
      // A retry racing the first request either gets the same payment or is told to wait; never a second charge.
      if (!attempt.data?.payOrder) expect(code(attempt)).toBe("CONFLICT");
    }
    const payment = succeeded[0]!.data!.payOrder;
    // A retry that replays the stored payment may answer before the first attempt has marked the order PAID,
    // so the order's status is checked once every attempt has returned (below), not on whichever answered first.
    expect(payment).toMatchObject({ status: "SUCCEEDED", amountCents: 3 * 8900, currency: "USD", failureReason: null, order: { id: orderId } });
    const retried = await shop.pay(adaToken, orderId, "pm_card_visa", payKey);
    expect(retried.data!.payOrder.id).toBe(payment.id);

    const again = await shop.pay(adaToken, orderId, "pm_card_visa", key());
    expect(again.data).toBeNull();
    expect(code(again)).toBe("CONFLICT");

    expect(await shop.charges(orderId)).toHaveLength(1);
    expect((await shop.reservation(orderId))?.status).toBe("COMMITTED");
    expect(await shop.stock(lamp.id)).toBe(7);
    const read = await shop.order(adaToken, orderId);
    expect(read.data!.order).toMatchObject({ status: "PAID", expiresAt: null, payment: { id: payment.id, status: "SUCCEEDED" } });
  });

  it("a declined card leaves the order PENDING with a clear reason; another card then pays it", async () => {
    const item = await shop.product(5, 2500);
    const orderId = (await shop.place(adaToken, [{ productId: item.id, quantity: 1 }])).data!.placeOrder.id;

    const declined = await shop.pay(adaToken, orderId, "pm_card_declined");
    expect(declined.errors).toBeUndefined();
    expect(declined.data!.payOrder).toMatchObject({ status: "FAILED", order: { status: "PENDING" } });
    expect(declined.data!.payOrder.failureReason).toMatch(/declined/i);
    expect(await shop.charges(orderId)).toHaveLength(0);
    expect((await shop.order(adaToken, orderId)).data!.order.status).toBe("PENDING");

    const paid = await shop.pay(adaToken, orderId, "pm_card_visa");
    expect(paid.data!.payOrder).toMatchObject({ status: "SUCCEEDED", amountCents: 2500, order: { status: "PAID" } });
    expect(await shop.charges(orderId)).toHaveLength(1);
  });

  it("a processor fault is a retryable error, moves no money, and the same key can be retried", async () => {
    const item = await shop.product(5, 1500);
    const orderId = (await shop.place(adaToken, [{ productId: item.id, quantity: 2 }])).data!.placeOrder.id;
    const faultKey = key();

    const fault = await shop.pay(adaToken, orderId, "pm_card_processor_error", faultKey);
    expect(fault.data).toBeNull();
    expect(fault.errors?.[0]?.extensions).toMatchObject({ code: "SERVICE_UNAVAILABLE", retryable: true });
    expect(fault.errors?.[0]?.message).toMatch(/nothing was charged/);
    expect(await shop.charges(orderId)).toHaveLength(0);
    expect(await stack.subgraphs.payments.prisma.payment.findMany({ where: { orderId }, select: { status: true } })).toEqual([{ status: "FAILED" }]);
    expect((await shop.order(adaToken, orderId)).data!.order.status).toBe("PENDING");

    const retry = await shop.pay(adaToken, orderId, "pm_card_processor_error", faultKey);
    expect(code(retry)).toBe("SERVICE_UNAVAILABLE");
    const paid = await shop.pay(adaToken, orderId, "pm_card_visa");
    expect(paid.data!.payOrder.status).toBe("SUCCEEDED");
    expect(await shop.charges(orderId)).toHaveLength(1);
  });

  it("many parallel buyers for little stock: exactly as many succeed as there are units, and stock ends at zero", async () => {
    const scarce = await shop.product(5, 4900);
    const buyers = Array.from({ length: 16 }, (_, i) => (i % 2 ? graceToken : adaToken));
    const results = await Promise.all(buyers.map((token) => shop.place(token, [{ productId: scarce.id, quantity: 1 }])));
    const won = results.filter((result) => result.data?.placeOrder);
    const lost = results.filter((result) => !result.data?.placeOrder);
    expect(won).toHaveLength(5);
    expect(lost).toHaveLength(11);
    for (const result of lost) {
      expect(code(result)).toBe("INSUFFICIENT_STOCK");
      expect(result.errors?.[0]?.extensions?.productId).toBe(scarce.id);
    }
    expect(await shop.stock(scarce.id)).toBe(0);
    const held = await stack.subgraphs.products.prisma.reservationLine.aggregate({ where: { productId: scarce.id }, _sum: { quantity: true } });
    expect(held._sum.quantity).toBe(5);
    expect(await stack.subgraphs.orders.prisma.orderItem.count({ where: { productId: scarce.id } })).toBe(5);

    // Multi-unit buyers racing for the rest of another product: never more than the stock, never below zero.
    const seven = await shop.product(7, 100);
    const big = await Promise.all(buyers.slice(0, 8).map((token, i) => shop.place(token, [{ productId: seven.id, quantity: 1 + (i % 3) }])));
    const sold = big.filter((r) => r.data?.placeOrder).reduce((sum, r) => sum + r.data!.placeOrder.items[0].quantity, 0);
    expect(sold).toBeLessThanOrEqual(7);
    expect(await shop.stock(seven.id)).toBe(7 - sold);
    for (const r of big) if (!r.data?.placeOrder) expect(code(r)).toBe("INSUFFICIENT_STOCK");
  });

  it("cancelOrder gives the stock back; a stranger can neither read, pay nor cancel someone else's order", async () => {
    const item = await shop.product(4, 1200);
    const orderId = (await shop.place(adaToken, [{ productId: item.id, quantity: 3 }])).data!.placeOrder.id;
    expect(await shop.stock(item.id)).toBe(1);

    const before = await shop.snapshot();
    const read = await shop.order(graceToken, orderId);
    expect(read.data?.order).toBeNull();
    expect(code(read)).toBe("NOT_FOUND");
    const pay = await shop.pay(graceToken, orderId);
    expect(pay.data).toBeNull();
    expect(code(pay)).toBe("NOT_FOUND");
    const cancel = await shop.cancel(graceToken, orderId);
    expect(code(cancel)).toBe("NOT_FOUND");
    expect(await shop.snapshot()).toEqual(before);

    const cancelled = await shop.cancel(adaToken, orderId);
    expect(cancelled.data!.cancelOrder).toMatchObject({ id: orderId, status: "CANCELLED", expiresAt: null });
    expect(await shop.stock(item.id)).toBe(4);
    expect((await shop.reservation(orderId))?.status).toBe("RELEASED");
    expect(code(await shop.cancel(adaToken, orderId))).toBe("CONFLICT");
    expect(code(await shop.pay(adaToken, orderId))).toBe("CONFLICT");
    expect(await shop.stock(item.id)).toBe(4);
  });

  it("payOrder on someone else's order answers as order() does, whether it is pending or paid (ownership before state)", async () => {
    const item = await shop.product(4, 1300);
    const pending = (await shop.place(adaToken, [{ productId: item.id, quantity: 1 }])).data!.placeOrder.id;
    const paid = (await shop.place(adaToken, [{ productId: item.id, quantity: 1 }])).data!.placeOrder.id;
    expect((await shop.pay(adaToken, paid)).data!.payOrder.status).toBe("SUCCEEDED");

    const before = await shop.snapshot();
    const answers = [];
    for (const orderId of [pending, paid, "00000000-0000-4000-8000-0000000000fe"]) {
      const read = await shop.order(graceToken, orderId);
      const pay = await shop.pay(graceToken, orderId);
      answers.push({ read: code(read), pay: code(pay), message: pay.errors?.[0]?.message === read.errors?.[0]?.message, data: pay.data });
    }
    // A pending order, a paid one and one that does not exist are told apart by nothing.
    expect(answers).toEqual(Array(3).fill({ read: "NOT_FOUND", pay: "NOT_FOUND", message: true, data: null }));
    expect(await shop.snapshot()).toEqual(before);
    // The owner still hears that the paid order is paid.
    expect(code(await shop.pay(adaToken, paid))).toBe("CONFLICT");
  });

  it("an unpaid order expires: the sweeper cancels it and gives its stock back, once", async () => {
    const item = await shop.product(3, 700);
    const orderId = (await shop.place(adaToken, [{ productId: item.id, quantity: 2 }])).data!.placeOrder.id;
    await stack.subgraphs.orders.prisma.order.update({ where: { id: orderId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await stack.subgraphs.orders.sweep();
    await stack.subgraphs.orders.sweep();
    expect((await shop.order(adaToken, orderId)).data!.order.status).toBe("CANCELLED");
    expect(await shop.stock(item.id)).toBe(3);
    expect(await stack.subgraphs.orders.prisma.outboxMessage.count()).toBe(0);
    expect(code(await shop.pay(adaToken, orderId))).toBe("CONFLICT");
  });

  it("refuses each kind of bad input with a clear code and changes nothing", async () => {
    const chair = product("CHAIR-025");
    const mug = product("MUG-001");
    const unknown = "00000000-0000-4000-8000-0000000000ff";
    const before = await shop.snapshot();
    const cases: Array<[string, () => ReturnType<typeof shop.place>, string]> = [
      ["quantity 0", () => shop.place(adaToken, [{ productId: mug.id, quantity: 0 }]), "BAD_USER_INPUT"],
      ["negative quantity", () => shop.place(adaToken, [{ productId: mug.id, quantity: -3 }]), "BAD_USER_INPUT"],
      ["absurd quantity", () => shop.place(adaToken, [{ productId: mug.id, quantity: 1_000_000 }]), "BAD_USER_INPUT"],
      ["no items", () => shop.place(adaToken, []), "BAD_USER_INPUT"],
      ["a malformed product id", () => shop.place(adaToken, [{ productId: "mug", quantity: 1 }]), "BAD_USER_INPUT"],
      ["an unknown product", () => shop.place(adaToken, [{ productId: mug.id, quantity: 1 }, { productId: unknown, quantity: 1 }]), "NOT_FOUND"],
      ["more than in stock", () => shop.place(adaToken, [{ productId: mug.id, quantity: 1 }, { productId: chair.id, quantity: 2 }]), "INSUFFICIENT_STOCK"],
      ["a too short idempotency key", () => shop.place(adaToken, [{ productId: mug.id, quantity: 1 }], "short"), "BAD_USER_INPUT"],
      ["no login", () => shop.place(undefined, [{ productId: mug.id, quantity: 1 }]), "UNAUTHENTICATED"],
      ["paying an unknown order", () => shop.pay(adaToken, unknown), "NOT_FOUND"],
      ["paying a malformed order id", () => shop.pay(adaToken, "order-1"), "BAD_USER_INPUT"],
      ["paying with a malformed payment method", () => shop.pay(adaToken, unknown, "visa"), "BAD_USER_INPUT"],
      ["paying without login", () => shop.pay(undefined, unknown), "UNAUTHENTICATED"],
      ["cancelling an unknown order", () => shop.cancel(adaToken, unknown), "NOT_FOUND"],
    ];
    for (const [name, run, expected] of cases) {
      const result = await run();
      expect({ name, data: result.data ?? null, code: code(result) }).toEqual({ name, data: null, code: expected });
      expect(result.errors?.[0]?.message).not.toMatch(/prisma|sql|ECONN|stack|at \//i);
    }
    expect(await shop.snapshot()).toEqual(before);
  });

  it("keeps the internal stock and payment mutations out of the public graph and refuses them to the router", async () => {
    const viaRouter = await stack.query(`mutation { reserveStock(orderId: "${key()}", items: []) { status } }`, {}, adaToken);
    expect(code(viaRouter)).toBe("GRAPHQL_VALIDATION_FAILED");
    const markPaid = await stack.query(`mutation { markOrderPaid(orderId: "00000000-0000-4000-8000-000000000001") { id } }`, {}, adaToken);
    expect(code(markPaid)).toBe("GRAPHQL_VALIDATION_FAILED");

    const before = await shop.snapshot();
    const reserve = await callSubgraph(
      stack.subgraphs.products.url,
      stack.keysOf("products"),
      `mutation ($id: ID!, $p: ID!) { reserveStock(orderId: $id, items: [{ productId: $p, quantity: 1 }]) { status } }`,
      { id: "00000000-0000-4000-8000-000000000002", p: product("MUG-001").id },
      ada.id,
    );
    expect(code(reserve)).toBe("FORBIDDEN");
    const paid = await callSubgraph(stack.subgraphs.orders.url, stack.keysOf("orders"), `mutation ($id: ID!) { markOrderPaid(orderId: $id) { id } }`, { id: "00000000-0000-4000-8000-000000000003" }, ada.id);
    expect(code(paid)).toBe("FORBIDDEN");
    expect(await shop.snapshot()).toEqual(before);
  });
});
