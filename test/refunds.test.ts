// Refunds through the router: staff with payments:refund give back part or all of a payment, retries and races
// refund once, the refunds never exceed the charge, a full refund before shipping puts the stock back on sale, and
// nobody without the scope gets anywhere (the subgraph refuses a credential without it too).
import { SCOPES } from "@shop/shared/scopes";
import { seedUsers } from "@shop/shared/seed-data";
import { callSubgraph, callSubgraphAs } from "@shop/shared/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { checkout, key } from "./support/checkout.ts";
import { backends } from "./support/databases.ts";
import { type Stack, startStack } from "./support/stack.ts";

// Several services and many requests per test: on a shared 2-core CI machine they need more than the default 30 s.
vi.setConfig({ testTimeout: 120_000 });
const ada = seedUsers.find((user) => user.email === "ada@example.com")!;
const staff = seedUsers.find((user) => user.email === "staff@example.com")!;
const code = (result: { errors?: Array<{ extensions?: Record<string, any> }> }) => result.errors?.[0]?.extensions?.code;

const REFUND = `mutation ($input: RefundPaymentInput!) { refundPayment(input: $input) { id amountCents reason status createdAt } }`;
const PAYMENT = `query ($id: ID!) { order(id: $id) { id status payment { id status amountCents refundedCents refunds { id amountCents reason status createdAt } } } }`;

describe.each(backends)("refunds on %s", (backend) => {
  let stack: Stack;
  let shop: ReturnType<typeof checkout>;
  let adaToken: string;
  let staffToken: string;
  /** A second staff member, who may refund and nothing else. */
  let cashierToken: string;

  beforeAll(async () => {
    stack = await startStack(backend);
    shop = checkout(stack);
    const users = stack.subgraphs.users.prisma;
    const { passwordHash } = await users.user.findUniqueOrThrow({ where: { email: staff.email } });
    await users.user.create({ data: { email: "cashier@example.com", name: "Cass Cashier", passwordHash, scopes: [SCOPES.paymentsRefund] } });
    [adaToken, staffToken, cashierToken] = await Promise.all([stack.login(ada.email), stack.login(staff.email), stack.login("cashier@example.com")]);
  });
  afterAll(() => stack?.stop());

  const refund = (token: string | undefined, input: { paymentId: string; amountCents: number; reason?: string; idempotencyKey?: string }) =>
    stack.query(REFUND, { input: { reason: "Damaged in transit", idempotencyKey: key(), ...input } }, token);

  /** A paid order of Ada's: `quantity` units of a new product at `priceCents`. */
  async function paidOrder(stock: number, quantity: number, priceCents: number) {
    const item = await shop.product(stock, priceCents);
    const orderId = (await shop.place(adaToken, [{ productId: item.id, quantity }])).data!.placeOrder.id;
    const paid = await shop.pay(adaToken, orderId);
    expect(paid.data!.payOrder.status).toBe("SUCCEEDED");
    return { item, orderId, paymentId: paid.data!.payOrder.id as string, amountCents: quantity * priceCents };
  }

  /** The processor's ledger for a payment: its charge and the refunds made of it. */
  async function ledger(paymentId: string) {
    const { prisma } = stack.subgraphs.payments;
    const charge = await prisma.simulatedCharge.findUniqueOrThrow({ where: { idempotencyKey: paymentId } });
    return { charge, refunds: await prisma.simulatedRefund.findMany({ where: { chargeId: charge.id } }) };
  }

  it("a full refund before shipping: the payment and the order are REFUNDED and the stock is back on sale", async () => {
    const { item, orderId, paymentId, amountCents } = await paidOrder(6, 2, 2500);
    expect(await shop.stock(item.id)).toBe(4);

    const result = await refund(staffToken, { paymentId, amountCents, reason: "  Arrived broken  " });
    expect(result.errors).toBeUndefined();
    expect(result.data!.refundPayment).toMatchObject({ amountCents, reason: "Arrived broken", status: "SUCCEEDED" });

    // The shopper sees it on her order, and the stock of the order went back on sale (once).
    const seen = await stack.query(PAYMENT, { id: orderId }, adaToken);
    expect(seen.errors).toBeUndefined();
    expect(seen.data!.order).toMatchObject({
      status: "REFUNDED",
      payment: { id: paymentId, status: "REFUNDED", amountCents, refundedCents: amountCents, refunds: [result.data!.refundPayment] },
    });
    expect(await shop.stock(item.id)).toBe(6);
    expect((await shop.reservation(orderId))?.status).toBe("RELEASED");
    const { charge, refunds } = await ledger(paymentId);
    expect(charge.refundedAt).not.toBeNull();
    expect(refunds.map((r) => r.amountCents)).toEqual([amountCents]);

    // Who asked and when is recorded; nothing is left to refund.
    const row = await stack.subgraphs.payments.prisma.refund.findUniqueOrThrow({ where: { id: result.data!.refundPayment.id } });
    expect(row.requestedBy).toBe(staff.id);
    expect(Math.abs(row.createdAt.getTime() - Date.now())).toBeLessThan(10 * 60_000);
    const again = await refund(staffToken, { paymentId, amountCents: 1 });
    expect(code(again)).toBe("CONFLICT");
    // Every outbox message was delivered: nothing is left for the workers.
    expect(await stack.subgraphs.payments.prisma.outboxMessage.count()).toBe(0);
    expect(await stack.subgraphs.orders.prisma.outboxMessage.count()).toBe(0);
    expect(await shop.stock(item.id)).toBe(6);
  });

  it("partial refunds add up to the charge, never beyond it: the order stays PAID until the last one", async () => {
    const { item, orderId, paymentId } = await paidOrder(5, 1, 10_000);
    const first = await refund(staffToken, { paymentId, amountCents: 3_000, reason: "Late delivery" });
    expect(first.data!.refundPayment).toMatchObject({ amountCents: 3_000, status: "SUCCEEDED" });
    const second = await refund(staffToken, { paymentId, amountCents: 5_000, reason: "Scratched" });
    expect(second.data!.refundPayment.status).toBe("SUCCEEDED");

    let seen = (await stack.query(PAYMENT, { id: orderId }, adaToken)).data!.order;
    expect(seen).toMatchObject({ status: "PAID", payment: { status: "SUCCEEDED", refundedCents: 8_000 } });
    // Newest first.
    expect(seen.payment.refunds.map((r: { id: string }) => r.id)).toEqual([second.data!.refundPayment.id, first.data!.refundPayment.id]);
    expect(await shop.stock(item.id)).toBe(4);

    // More than what is left is refused, says how much is left, and changes nothing.
    const before = await ledger(paymentId);
    const over = await refund(staffToken, { paymentId, amountCents: 2_001 });
    expect(over.data).toBeNull();
    expect(over.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", refundableCents: 2_000 });
    expect(await ledger(paymentId)).toEqual(before);

    const last = await refund(staffToken, { paymentId, amountCents: 2_000, reason: "Customer returned it" });
    expect(last.data!.refundPayment.status).toBe("SUCCEEDED");
    seen = (await stack.query(PAYMENT, { id: orderId }, adaToken)).data!.order;
    expect(seen).toMatchObject({ status: "REFUNDED", payment: { status: "REFUNDED", refundedCents: 10_000 } });
    expect(seen.payment.refunds).toHaveLength(3);
    expect(await shop.stock(item.id)).toBe(5);
    expect((await ledger(paymentId)).charge.refundedCents).toBe(10_000);
  });

  it("a retry with the same key returns the same refund and refunds once; the same key with other input is refused", async () => {
    const { paymentId } = await paidOrder(5, 1, 4_000);
    const refundKey = key();
    const input = { paymentId, amountCents: 1_500, reason: "Wrong colour", idempotencyKey: refundKey };
    // The first request and three retries at once, then one more after they finished.
    const results = await Promise.all([0, 1, 2, 3].map(() => refund(staffToken, input)));
    results.push(await refund(staffToken, input));
    for (const result of results) expect(result.errors).toBeUndefined();
    const ids = new Set(results.map((result) => result.data!.refundPayment.id));
    expect(ids.size).toBe(1);
    expect((await ledger(paymentId)).refunds.map((r) => r.amountCents)).toEqual([1_500]);

    for (const other of [{ amountCents: 1_600 }, { reason: "Another reason" }]) {
      const reused = await refund(staffToken, { ...input, ...other });
      expect(reused.data).toBeNull();
      expect(code(reused)).toBe("IDEMPOTENCY_KEY_REUSED");
    }
    const { paymentId: otherPayment } = await paidOrder(5, 1, 4_000);
    expect(code(await refund(staffToken, { ...input, paymentId: otherPayment }))).toBe("IDEMPOTENCY_KEY_REUSED");
    expect((await ledger(otherPayment)).refunds).toHaveLength(0);
    const payment = await stack.subgraphs.payments.prisma.payment.findUniqueOrThrow({ where: { id: paymentId } });
    expect(payment).toMatchObject({ refundedCents: 1_500, refundHeldCents: 1_500, status: "SUCCEEDED" });
  });

  it("two staff refunding at once refund once: the refunds of a payment never exceed its charge", async () => {
    const { item, paymentId, amountCents } = await paidOrder(3, 1, 9_000);
    // Two staff members, each asking for the whole amount with their own key, at the same moment.
    const both = await Promise.all([staffToken, cashierToken].map((token) => refund(token, { paymentId, amountCents })));
    expect(both.filter((result) => result.data?.refundPayment?.status === "SUCCEEDED")).toHaveLength(1);
    expect(both.map(code).filter(Boolean)).toEqual(["CONFLICT"]);

    // Many partial refunds at once, 40% each, on another payment: exactly two fit.
    const { paymentId: other } = await paidOrder(3, 1, 10_000);
    const many = await Promise.all(Array.from({ length: 8 }, (_, i) => refund(i % 2 ? cashierToken : staffToken, { paymentId: other, amountCents: 4_000 })));
    expect(many.filter((result) => result.data?.refundPayment)).toHaveLength(2);
    for (const result of many) if (!result.data?.refundPayment) expect(code(result)).toBe("CONFLICT");
    expect((await ledger(other)).charge.refundedCents).toBe(8_000);
    expect((await ledger(paymentId)).refunds.map((r) => r.amountCents)).toEqual([amountCents]);
    expect(await shop.stock(item.id)).toBe(3);
  });

  it("refuses callers without payments:refund, through the router and at the subgraph, and changes nothing", async () => {
    const { paymentId } = await paidOrder(5, 1, 3_000);
    const before = await ledger(paymentId);
    // A customer, her own payment or not, and an anonymous caller.
    expect(code(await refund(adaToken, { paymentId, amountCents: 100 }))).toBe("FORBIDDEN");
    expect(code(await refund(undefined, { paymentId, amountCents: 100 }))).toMatch(/^(UNAUTHENTICATED|FORBIDDEN)$/);

    // Defence in depth: a valid credential straight to the payments subgraph, without the scope, is refused too.
    const input = { paymentId, amountCents: 100, reason: "Direct", idempotencyKey: key() };
    const { url } = stack.subgraphs.payments;
    const direct = (userId: string, scopes: string[]) => callSubgraph(url, stack.keysOf("payments"), REFUND, { input }, userId, scopes);
    expect(code(await direct(staff.id, [SCOPES.catalogWrite, SCOPES.ordersManage]))).toBe("FORBIDDEN");
    expect(code(await callSubgraph(url, stack.keysOf("payments"), REFUND, { input }))).toBe("UNAUTHENTICATED");
    expect(await ledger(paymentId)).toEqual(before);
    expect(await stack.subgraphs.payments.prisma.refund.count({ where: { paymentId } })).toBe(0);
    // With the scope, the same call goes through.
    expect((await direct(staff.id, [SCOPES.paymentsRefund])).data?.refundPayment.status).toBe("SUCCEEDED");
  });

  it("refuses bad input with a clear code and changes nothing", async () => {
    const { paymentId } = await paidOrder(5, 1, 3_000);
    const item = await shop.product(2, 1_000);
    const declinedOrder = (await shop.place(adaToken, [{ productId: item.id, quantity: 1 }])).data!.placeOrder.id;
    const declined = (await shop.pay(adaToken, declinedOrder, "pm_card_declined")).data!.payOrder.id;
    const before = await stack.subgraphs.payments.prisma.refund.count();
    const cases: Array<[string, Parameters<typeof refund>[1], string]> = [
      ["a zero amount", { paymentId, amountCents: 0 }, "BAD_USER_INPUT"],
      ["a negative amount", { paymentId, amountCents: -500 }, "BAD_USER_INPUT"],
      ["more than the charge", { paymentId, amountCents: 3_001 }, "CONFLICT"],
      ["no reason", { paymentId, amountCents: 100, reason: "   " }, "BAD_USER_INPUT"],
      ["a reason too long", { paymentId, amountCents: 100, reason: "x".repeat(501) }, "BAD_USER_INPUT"],
      ["a reason with control characters", { paymentId, amountCents: 100, reason: "bad\u0000reason" }, "BAD_USER_INPUT"],
      ["a too short key", { paymentId, amountCents: 100, idempotencyKey: "short" }, "BAD_USER_INPUT"],
      ["a malformed payment id", { paymentId: "payment-1", amountCents: 100 }, "BAD_USER_INPUT"],
      ["an unknown payment", { paymentId: "00000000-0000-4000-8000-0000000000ee", amountCents: 100 }, "NOT_FOUND"],
      ["a declined payment", { paymentId: declined, amountCents: 100 }, "CONFLICT"],
    ];
    for (const [name, input, expected] of cases) {
      const result = await refund(staffToken, input);
      expect({ name, data: result.data ?? null, code: code(result) }).toEqual({ name, data: null, code: expected });
      expect(result.errors?.[0]?.message).not.toMatch(/prisma|sql|ECONN|stack|at \//i);
    }
    expect(await stack.subgraphs.payments.prisma.refund.count()).toBe(before);
    expect(await stack.subgraphs.payments.prisma.payment.findUniqueOrThrow({ where: { id: paymentId } })).toMatchObject({ refundHeldCents: 0 });
  });

  it("keeps the internal refund mutations out of the public graph and refuses them to anyone but their service", async () => {
    const viaRouter = await stack.query(`mutation { markOrderRefunded(orderId: "00000000-0000-4000-8000-000000000001") { id } }`, {}, staffToken);
    expect(code(viaRouter)).toBe("GRAPHQL_VALIDATION_FAILED");
    const { item, orderId } = await paidOrder(4, 2, 1_000);
    const asRouter = (service: "orders" | "products", query: string) =>
      callSubgraph(stack.subgraphs[service].url, stack.keysOf(service), query, { id: orderId }, ada.id, [SCOPES.paymentsRefund]);
    expect(code(await asRouter("orders", `mutation ($id: ID!) { markOrderRefunded(orderId: $id) { id } }`))).toBe("FORBIDDEN");
    expect(code(await asRouter("products", `mutation ($id: ID!) { returnStock(orderId: $id) { status } }`))).toBe("FORBIDDEN");
    expect((await shop.order(adaToken, orderId)).data!.order.status).toBe("PAID");
    expect(await shop.stock(item.id)).toBe(2);
  });

  it("markOrderRefunded, as the payments service: someone else's order is NOT_FOUND, an unpaid one CONFLICT, a paid one REFUNDED once", async () => {
    const MARK = `mutation ($id: ID!) { markOrderRefunded(orderId: $id) { id status } }`;
    const asPayments = (userId: string, id: string) => callSubgraphAs(stack.subgraphs.orders.url, stack.keysOf("orders"), "payments", MARK, { id }, userId);
    const { item, orderId } = await paidOrder(5, 2, 700);
    const pending = (await shop.place(adaToken, [{ productId: item.id, quantity: 1 }])).data!.placeOrder.id;
    const grace = seedUsers.find((user) => user.email === "grace@example.com")!;
    expect(code(await asPayments(grace.id, orderId))).toBe("NOT_FOUND");
    expect(code(await asPayments(ada.id, pending))).toBe("CONFLICT");
    expect(await shop.stock(item.id)).toBe(2);
    // Delivered at least once: the second delivery changes nothing.
    for (let delivery = 0; delivery < 2; delivery++) {
      expect((await asPayments(ada.id, orderId)).data?.markOrderRefunded).toEqual({ id: orderId, status: "REFUNDED" });
      expect(await shop.stock(item.id)).toBe(4);
    }
    expect((await shop.order(adaToken, pending)).data!.order.status).toBe("PENDING");
  });
});
