// A service "killed" between two checkout steps (fault injection), then restarted on the same database: recovery
// must leave no double charge, no paid order that is not PAID, and no stock held for an order that will never be.
import { seedUsers } from "@shop/shared/seed-data";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { checkout, key } from "./support/checkout.ts";
import { backends } from "./support/databases.ts";
import { type Stack, startStack } from "./support/stack.ts";

// Several services and many requests per test: on a shared 2-core CI machine they need more than the default 30 s.
vi.setConfig({ testTimeout: 120_000 });
const [ada] = seedUsers as [(typeof seedUsers)[0]];
const staff = seedUsers.find((user) => user.email === "staff@example.com")!;
const REFUND = `mutation ($input: RefundPaymentInput!) { refundPayment(input: $input) { id amountCents status } }`;
/** Polls until `check` passes: redelivery waits out the outbox's backoff (1 s after a first failure). */
async function eventually(check: () => Promise<void>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

const code = (result: { errors?: Array<{ extensions?: Record<string, any> }> }) => result.errors?.[0]?.extensions?.code;

// Against an external stack (pnpm test:hosts) there is no process here to crash and restart.
const external = Boolean(process.env.STACK_ROUTER_URL);
const skipReason = external ? " (skipped against an external stack: it crashes and restarts services in this process)" : "";

describe.skipIf(external).each(backends)(`recovery after a crash on %s${skipReason}`, (backend) => {
  let stack: Stack;
  let shop: ReturnType<typeof checkout>;
  let token: string;
  let staffToken: string;
  // Recovery takes every PENDING payment at once, and nothing runs on its own timer during a test. A message a
  // service queued for itself (born claimed: payments' order.paid, orders' stock messages) is the restarted
  // worker's at once, not after a 30 s lease.
  const quiet = {
    PAYMENT_STALE_AFTER_SECONDS: "0",
    PAYMENT_OUTBOX_LEASE_MS: "0",
    PAYMENT_RECOVERY_INTERVAL_MS: "3600000",
    ORDER_SWEEP_INTERVAL_MS: "3600000",
    ORDER_OUTBOX_LEASE_MS: "0",
  };
  const crashPayments = (point: string) => stack.restart("payments", { ...quiet, FAULT_INJECTION: point });
  const crashOrders = (point: string) => stack.restart("orders", { ...quiet, FAULT_INJECTION: point });

  beforeAll(async () => {
    stack = await startStack(backend, quiet, { persistent: true });
    shop = checkout(stack);
    [token, staffToken] = await Promise.all([stack.login(ada.email), stack.login(staff.email)]);
  });
  afterAll(() => stack?.stop());

  async function placed(stock = 5, quantity = 2, priceCents = 1000) {
    const item = await shop.product(stock, priceCents);
    const result = await shop.place(token, [{ productId: item.id, quantity }]);
    expect(result.errors).toBeUndefined();
    return { item, order: result.data!.placeOrder };
  }

  it("payments dies after the charge, before recording it: recovery records it once and the order ends PAID", async () => {
    const { item, order } = await placed();
    await crashPayments("payments:after-charge");
    const payKey = key();
    const crashed = await shop.pay(token, order.id, "pm_card_visa", payKey);
    expect(code(crashed)).toBe("INTERNAL_SERVER_ERROR");
    expect(await shop.charges(order.id)).toHaveLength(1);
    expect((await stack.subgraphs.payments.prisma.payment.findFirstOrThrow({ where: { orderId: order.id } })).status).toBe("PENDING");

    await stack.restart("payments", quiet);
    await stack.subgraphs.payments.recover();
    const payment = await stack.subgraphs.payments.prisma.payment.findFirstOrThrow({ where: { orderId: order.id } });
    expect(payment.status).toBe("SUCCEEDED");
    expect((await shop.order(token, order.id)).data!.order.status).toBe("PAID");
    expect((await shop.reservation(order.id))?.status).toBe("COMMITTED");
    expect(await shop.stock(item.id)).toBe(3);

    // The shopper's retry with the same key sees the same payment; no second charge anywhere.
    const retried = await shop.pay(token, order.id, "pm_card_visa", payKey);
    expect(retried.data!.payOrder).toMatchObject({ id: payment.id, status: "SUCCEEDED" });
    expect(await shop.charges(order.id)).toHaveLength(1);
  });

  it("payments dies after recording the success, before telling orders: the outbox marks the order PAID", async () => {
    const { order } = await placed();
    await crashPayments("payments:after-record");
    const payKey = key();
    expect(code(await shop.pay(token, order.id, "pm_card_visa", payKey))).toBe("INTERNAL_SERVER_ERROR");
    expect((await shop.order(token, order.id)).data!.order.status).toBe("PENDING");
    expect(await stack.subgraphs.payments.prisma.outboxMessage.count()).toBe(1);

    await stack.restart("payments", quiet);
    await stack.subgraphs.payments.recover();
    expect((await shop.order(token, order.id)).data!.order).toMatchObject({ status: "PAID", payment: { status: "SUCCEEDED" } });
    expect((await shop.reservation(order.id))?.status).toBe("COMMITTED");
    expect(await stack.subgraphs.payments.prisma.outboxMessage.count()).toBe(0);
    expect(await shop.charges(order.id)).toHaveLength(1);
  });

  it("payments dies after recording the attempt, before charging: a retry with the same key charges once", async () => {
    const { order } = await placed();
    await crashPayments("payments:after-pending");
    const payKey = key();
    expect(code(await shop.pay(token, order.id, "pm_card_visa", payKey))).toBe("INTERNAL_SERVER_ERROR");
    expect(await shop.charges(order.id)).toHaveLength(0);
    await stack.restart("payments", { ...quiet, PAYMENT_STALE_AFTER_SECONDS: "3600" });
    // Another key is refused while the first attempt is unresolved: two charges cannot race.
    expect(code(await shop.pay(token, order.id, "pm_card_visa", key()))).toBe("CONFLICT");
    const retried = await shop.pay(token, order.id, "pm_card_visa", payKey);
    expect(retried.data!.payOrder).toMatchObject({ status: "SUCCEEDED", order: { status: "PAID" } });
    expect(await shop.charges(order.id)).toHaveLength(1);
    await stack.restart("payments", quiet);
  });

  it("orders dies after marking the order PAID, before making the stock final: its sweeper commits it after the restart", async () => {
    const { order } = await placed();
    await crashOrders("orders:after-paid");
    const paid = await shop.pay(token, order.id, "pm_card_visa");
    // The charge succeeded; telling orders failed, and payments keeps the message to deliver again.
    expect(paid.data!.payOrder.status).toBe("SUCCEEDED");
    expect((await shop.reservation(order.id))?.status).toBe("HELD");

    await stack.restart("orders", quiet);
    await stack.subgraphs.orders.sweep();
    expect((await shop.reservation(order.id))?.status).toBe("COMMITTED");
    expect((await shop.order(token, order.id)).data!.order.status).toBe("PAID");
    expect(await stack.subgraphs.orders.prisma.outboxMessage.count()).toBe(0);
    await eventually(async () => {
      await stack.subgraphs.payments.recover();
      expect(await stack.subgraphs.payments.prisma.outboxMessage.count()).toBe(0);
    });
    expect(await shop.charges(order.id)).toHaveLength(1);
  });

  it("orders dies after reserving stock, before completing the order: a retry completes it, or the sweeper gives the stock back", async () => {
    const item = await shop.product(6, 500);
    await crashOrders("orders:after-reserve");
    const retryKey = key();
    const abandonKey = key();
    expect(code(await shop.place(token, [{ productId: item.id, quantity: 2 }], retryKey))).toBe("INTERNAL_SERVER_ERROR");
    await crashOrders("orders:after-reserve");
    expect(code(await shop.place(token, [{ productId: item.id, quantity: 3 }], abandonKey))).toBe("INTERNAL_SERVER_ERROR");
    expect(await shop.stock(item.id)).toBe(1);
    const shells = await stack.subgraphs.orders.prisma.order.findMany({ where: { placing: true } });
    expect(shells).toHaveLength(2);
    const meNow = await shop.query(`{ me { orders { id } } }`, {}, token);
    for (const shell of shells) expect(meNow.data!.me.orders.map((o: any) => o.id)).not.toContain(shell.id);

    await stack.restart("orders", quiet);
    // The shopper retries the first: the same order completes, with its stock reserved once.
    const retried = await shop.place(token, [{ productId: item.id, quantity: 2 }], retryKey);
    expect(retried.data!.placeOrder).toMatchObject({ status: "PENDING", totalCents: 1000 });
    expect(shells.map((s) => s.id)).toContain(retried.data!.placeOrder.id);
    expect(await shop.stock(item.id)).toBe(1);

    // Nobody retries the second: once it is past its expiry the sweeper releases its stock and removes it.
    await stack.subgraphs.orders.prisma.order.updateMany({ where: { placing: true }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await stack.subgraphs.orders.sweep();
    expect(await shop.stock(item.id)).toBe(4);
    expect(await stack.subgraphs.orders.prisma.order.count({ where: { placing: true } })).toBe(0);
    expect(await stack.subgraphs.orders.prisma.idempotencyKey.count({ where: { key: abandonKey } })).toBe(0);
    // A reservation arriving late for the removed order takes nothing.
    const abandoned = shells.find((s) => s.id !== retried.data!.placeOrder.id)!;
    expect((await shop.reservation(abandoned.id))?.status).toBe("RELEASED");
  });

  it("products unreachable: placeOrder fails retryably, keeps nothing, and the queued release reaches products later", async () => {
    const item = await shop.product(5, 900);
    const ordersBefore = await stack.subgraphs.orders.prisma.order.count();
    const orderKey = key();
    let abandonedId: string;
    await stack.restart("orders", { ...quiet, PRODUCTS_URL: "http://127.0.0.1:9/graphql", SERVICE_TIMEOUT_MS: "2000" });
    try {
      const failed = await shop.place(token, [{ productId: item.id, quantity: 2 }], orderKey);
      expect(failed.data).toBeNull();
      expect(failed.errors?.[0]?.extensions).toMatchObject({ code: "SERVICE_UNAVAILABLE", retryable: true });
      expect(failed.errors?.[0]?.message).not.toMatch(/ECONN|127\.0\.0\.1|fetch/);
      expect(await stack.subgraphs.orders.prisma.order.count()).toBe(ordersBefore);
      const queued = await stack.subgraphs.orders.prisma.outboxMessage.findMany();
      expect(queued).toHaveLength(1);
      abandonedId = (queued[0]!.payload as { orderId: string }).orderId;
    } finally {
      await stack.restart("orders", quiet);
    }

    await eventually(async () => {
      await stack.subgraphs.orders.sweep();
      expect(await stack.subgraphs.orders.prisma.outboxMessage.count()).toBe(0);
    });
    expect((await shop.reservation(abandonedId))?.status).toBe("RELEASED");
    expect(await shop.stock(item.id)).toBe(5);
    // The shopper's retry with the same key now places the order, once.
    const retried = await shop.place(token, [{ productId: item.id, quantity: 2 }], orderKey);
    expect(retried.data!.placeOrder.status).toBe("PENDING");
    expect(await shop.stock(item.id)).toBe(3);
  });

  it("recovery forgets payOrder keys after a day; a replay of a forgotten key cannot pay the order twice", async () => {
    const { order } = await placed();
    const payKey = key();
    expect((await shop.pay(token, order.id, "pm_card_visa", payKey)).data!.payOrder.status).toBe("SUCCEEDED");
    const { prisma } = stack.subgraphs.payments;
    const request = await prisma.paymentRequest.findFirstOrThrow({ where: { key: payKey } });
    await prisma.paymentRequest.update({
      where: { userId_key: { userId: request.userId, key: payKey } },
      data: { createdAt: new Date(Date.now() - 25 * 3_600_000) },
    });
    const { order: recent } = await placed();
    const recentKey = key();
    expect((await shop.pay(token, recent.id, "pm_card_visa", recentKey)).data!.payOrder.status).toBe("SUCCEEDED");

    await stack.subgraphs.payments.recover();
    expect(await prisma.paymentRequest.count({ where: { key: payKey } })).toBe(0);
    expect(await prisma.paymentRequest.count({ where: { key: recentKey } })).toBe(1);
    expect(await prisma.payment.count({ where: { orderId: order.id, status: "SUCCEEDED" } })).toBe(1);
    // The key is forgotten, the payment is not: the same request again is refused, and nothing is charged twice.
    expect(code(await shop.pay(token, order.id, "pm_card_visa", payKey))).toBe("CONFLICT");
    expect(await shop.charges(order.id)).toHaveLength(1);
  });

  /** A paid order of Ada's, and what the processor's ledger holds of its charge's refunds. */
  async function paidForRefund(stock = 5, quantity = 2) {
    const { item, order } = await placed(stock, quantity);
    const paid = await shop.pay(token, order.id);
    expect(paid.data!.payOrder.status).toBe("SUCCEEDED");
    const processorRefunds = async () => {
      // The payments service's client as it is now: a restart replaces it.
      const { prisma } = stack.subgraphs.payments;
      const charge = await prisma.simulatedCharge.findUniqueOrThrow({ where: { idempotencyKey: paid.data!.payOrder.id } });
      return prisma.simulatedRefund.findMany({ where: { chargeId: charge.id } });
    };
    return { item, order, paymentId: paid.data!.payOrder.id as string, processorRefunds };
  }
  const refund = (paymentId: string, amountCents: number, idempotencyKey = key()) =>
    shop.query(REFUND, { input: { paymentId, amountCents, reason: "Crash test", idempotencyKey } }, staffToken);

  it("payments dies after the processor refunded, before recording it: recovery records it once, and the order is REFUNDED with its stock back", async () => {
    const { item, order, paymentId, processorRefunds } = await paidForRefund();
    expect(await shop.stock(item.id)).toBe(3);
    await crashPayments("payments:after-refund");
    const refundKey = key();
    expect(code(await refund(paymentId, 2000, refundKey))).toBe("INTERNAL_SERVER_ERROR");
    const { prisma } = stack.subgraphs.payments;
    // Refunded at the processor, recorded PENDING here: the payment is not REFUNDED yet, the stock not back.
    expect(await processorRefunds()).toHaveLength(1);
    expect(await prisma.refund.findMany({ where: { paymentId }, select: { status: true } })).toEqual([{ status: "PENDING" }]);
    expect((await prisma.payment.findUniqueOrThrow({ where: { id: paymentId } })).status).toBe("SUCCEEDED");
    expect(await shop.stock(item.id)).toBe(3);

    await stack.restart("payments", quiet);
    await stack.subgraphs.payments.recover();
    expect(await processorRefunds()).toHaveLength(1);
    const recorded = await stack.subgraphs.payments.prisma.refund.findFirstOrThrow({ where: { paymentId } });
    expect(recorded.status).toBe("SUCCEEDED");
    expect(await stack.subgraphs.payments.prisma.payment.findUniqueOrThrow({ where: { id: paymentId } })).toMatchObject({ status: "REFUNDED", refundedCents: 2000 });
    await eventually(async () => {
      await stack.subgraphs.orders.sweep();
      expect((await shop.order(token, order.id)).data!.order).toMatchObject({ status: "REFUNDED", payment: { status: "REFUNDED" } });
      expect(await shop.stock(item.id)).toBe(5);
    });

    // Staff's retry with the same key sees the same refund; nothing is refunded twice, no stock returned twice.
    const retried = await refund(paymentId, 2000, refundKey);
    expect(retried.data!.refundPayment).toMatchObject({ id: recorded.id, status: "SUCCEEDED" });
    await stack.subgraphs.payments.recover();
    await stack.subgraphs.orders.sweep();
    expect(await processorRefunds()).toHaveLength(1);
    expect(await shop.stock(item.id)).toBe(5);
    expect((await shop.reservation(order.id))?.status).toBe("RELEASED");
  });

  it("payments dies after recording the refund, before calling the processor: a retry with the same key refunds once", async () => {
    const { paymentId, processorRefunds } = await paidForRefund();
    await crashPayments("payments:after-refund-pending");
    const refundKey = key();
    expect(code(await refund(paymentId, 1500, refundKey))).toBe("INTERNAL_SERVER_ERROR");
    expect(await processorRefunds()).toHaveLength(0);
    await stack.restart("payments", { ...quiet, PAYMENT_STALE_AFTER_SECONDS: "3600" });
    // The recorded refund holds its amount: another key cannot refund the whole payment meanwhile.
    const other = await refund(paymentId, 2000);
    expect(other.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", refundableCents: 500 });
    const retried = await refund(paymentId, 1500, refundKey);
    expect(retried.data!.refundPayment).toMatchObject({ amountCents: 1500, status: "SUCCEEDED" });
    expect((await processorRefunds()).map((r) => r.amountCents)).toEqual([1500]);
    await stack.restart("payments", quiet);
    await stack.subgraphs.payments.recover();
    expect(await processorRefunds()).toHaveLength(1);
  });

  it("payments dies after recording a full refund, before telling orders: the outbox marks the order REFUNDED", async () => {
    const { item, order, paymentId, processorRefunds } = await paidForRefund(4, 1);
    await crashPayments("payments:after-refund-record");
    expect(code(await refund(paymentId, 1000))).toBe("INTERNAL_SERVER_ERROR");
    expect((await shop.order(token, order.id)).data!.order).toMatchObject({ status: "PAID", payment: { status: "REFUNDED" } });
    expect(await stack.subgraphs.payments.prisma.outboxMessage.count()).toBe(1);

    await stack.restart("payments", quiet);
    await stack.subgraphs.payments.recover();
    await stack.subgraphs.orders.sweep();
    expect((await shop.order(token, order.id)).data!.order.status).toBe("REFUNDED");
    expect(await shop.stock(item.id)).toBe(4);
    expect(await stack.subgraphs.payments.prisma.outboxMessage.count()).toBe(0);
    expect(await processorRefunds()).toHaveLength(1);
  });

  it("a charge that completes after the order was cancelled is refunded, and the stock stays released", async () => {
    const { item, order } = await placed(4, 1);
    await crashPayments("payments:after-pending");
    expect(code(await shop.pay(token, order.id, "pm_card_visa"))).toBe("INTERNAL_SERVER_ERROR");
    expect((await shop.cancel(token, order.id)).data!.cancelOrder.status).toBe("CANCELLED");
    expect(await shop.stock(item.id)).toBe(4);

    await stack.restart("payments", quiet);
    await stack.subgraphs.payments.recover();
    const payment = await stack.subgraphs.payments.prisma.payment.findFirstOrThrow({ where: { orderId: order.id } });
    expect(payment.status).toBe("REFUNDED");
    const charges = await shop.charges(order.id);
    expect(charges).toHaveLength(1);
    expect(charges[0]!.refundedAt).not.toBeNull();
    expect((await shop.order(token, order.id)).data!.order.status).toBe("CANCELLED");
    expect(await shop.stock(item.id)).toBe(4);
  });
});
