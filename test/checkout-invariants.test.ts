// A property test of the checkout's invariants: random sequences of place / retry / pay / cancel / expire / refund
// through the router, checked against a simple model after every step and against the databases at the end (stock arithmetic
// exact and never negative, every paid order charged exactly once and its stock committed, nothing left in flight).
import fc from "fast-check";
import { seedUsers } from "@shop/shared/seed-data";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkout, key } from "./support/checkout.ts";
import { backends } from "./support/databases.ts";
import { type Stack, startStack } from "./support/stack.ts";

const [ada, grace] = seedUsers as [(typeof seedUsers)[0], (typeof seedUsers)[0]];
const PRICES = [300, 1250, 4999];
const code = (result: { errors?: Array<{ extensions?: Record<string, any> }> }) => result.errors?.[0]?.extensions?.code;

type Step =
  | { kind: "place"; buyer: 0 | 1; lines: Array<{ product: number; quantity: number }> }
  | { kind: "retry"; order: number }
  | { kind: "pay"; order: number; method: "pm_card_visa" | "pm_card_declined" | "pm_card_processor_error" }
  | { kind: "cancel"; order: number }
  | { kind: "expire"; order: number }
  | { kind: "refund"; order: number; part: "all" | "half" };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("place" as const), buyer: fc.constantFrom(0 as const, 1 as const), lines: fc.uniqueArray(fc.record({ product: fc.nat(2), quantity: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 3, selector: (line) => line.product }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("retry" as const), order: fc.nat(20) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("pay" as const), order: fc.nat(20), method: fc.constantFrom("pm_card_visa" as const, "pm_card_declined" as const, "pm_card_processor_error" as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("cancel" as const), order: fc.nat(20) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("expire" as const), order: fc.nat(20) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("refund" as const), order: fc.nat(20), part: fc.constantFrom("all" as const, "half" as const) }) },
);
const REFUND = `mutation ($input: RefundPaymentInput!) { refundPayment(input: $input) { amountCents status } }`;

describe.each(backends)("checkout invariants on %s", (backend) => {
  let stack: Stack;
  let shop: ReturnType<typeof checkout>;
  let tokens: [string, string];
  let staffToken: string;

  beforeAll(async () => {
    stack = await startStack(backend, { ORDER_SWEEP_INTERVAL_MS: "3600000", PAYMENT_RECOVERY_INTERVAL_MS: "3600000" });
    shop = checkout(stack);
    tokens = [await stack.login(ada.email), await stack.login(grace.email)];
    staffToken = await stack.login("staff@example.com");
  });
  afterAll(() => stack?.stop());

  it("holds for random sequences of checkout steps", { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 3, maxLength: 3 }), fc.array(step, { minLength: 1, maxLength: 10 }), async (initial, steps) => {
        const products = await Promise.all(initial.map((stock, i) => shop.product(stock, PRICES[i])));
        const model = { stock: [...initial] };
        const orders: Array<{ id: string; buyer: 0 | 1; key: string; lines: Array<{ product: number; quantity: number }>; status: "PENDING" | "PAID" | "CANCELLED" | "REFUNDED"; total: number; paymentId?: string; refunded: number }> = [];

        for (const s of steps) {
          if (s.kind === "place") {
            const k = key();
            const result = await shop.place(tokens[s.buyer], s.lines.map((l) => ({ productId: products[l.product]!.id, quantity: l.quantity })), k);
            const fits = s.lines.every((l) => model.stock[l.product]! >= l.quantity);
            if (fits) {
              expect(result.errors).toBeUndefined();
              for (const l of s.lines) model.stock[l.product]! -= l.quantity;
              const total = s.lines.reduce((sum, l) => sum + l.quantity * PRICES[l.product]!, 0);
              expect(result.data!.placeOrder.totalCents).toBe(total);
              orders.push({ id: result.data!.placeOrder.id, buyer: s.buyer, key: k, lines: s.lines, status: "PENDING", total, refunded: 0 });
            } else {
              expect(code(result)).toBe("INSUFFICIENT_STOCK");
            }
            continue;
          }
          const order = orders[s.order % Math.max(orders.length, 1)];
          if (!order) continue;
          const token = tokens[order.buyer];
          if (s.kind === "retry") {
            const again = await shop.place(token, order.lines.map((l) => ({ productId: products[l.product]!.id, quantity: l.quantity })), order.key);
            expect(again.data!.placeOrder).toMatchObject({ id: order.id, status: order.status });
          } else if (s.kind === "pay") {
            const result = await shop.pay(token, order.id, s.method);
            if (order.status !== "PENDING") expect(code(result)).toBe("CONFLICT");
            else if (s.method === "pm_card_visa") {
              expect(result.data!.payOrder).toMatchObject({ status: "SUCCEEDED", amountCents: order.total });
              order.status = "PAID";
              order.paymentId = result.data!.payOrder.id;
            } else if (s.method === "pm_card_declined") expect(result.data!.payOrder.status).toBe("FAILED");
            else expect(code(result)).toBe("SERVICE_UNAVAILABLE");
          } else if (s.kind === "cancel") {
            const result = await shop.cancel(token, order.id);
            if (order.status === "PENDING") {
              expect(result.data!.cancelOrder.status).toBe("CANCELLED");
              order.status = "CANCELLED";
              for (const l of order.lines) model.stock[l.product]! += l.quantity;
            } else expect(code(result)).toBe("CONFLICT");
          } else if (s.kind === "refund") {
            if (!order.paymentId) continue;
            const left = order.total - order.refunded;
            const amountCents = s.part === "all" || left < 2 ? Math.max(left, 1) : Math.floor(left / 2);
            const input = { paymentId: order.paymentId, amountCents, reason: "Property test", idempotencyKey: key() };
            const result = await stack.query(REFUND, { input }, staffToken);
            if (order.status === "REFUNDED") expect(code(result)).toBe("CONFLICT");
            else {
              expect(result.data!.refundPayment).toEqual({ amountCents, status: "SUCCEEDED" });
              order.refunded += amountCents;
              if (order.refunded === order.total) {
                // Refunded in full before shipping: the order is REFUNDED and its stock back on sale.
                order.status = "REFUNDED";
                for (const l of order.lines) model.stock[l.product]! += l.quantity;
              }
            }
          } else {
            await stack.subgraphs.orders.prisma.order.updateMany({ where: { id: order.id, status: "PENDING" }, data: { expiresAt: new Date(Date.now() - 1000) } });
            await stack.subgraphs.orders.sweep();
            if (order.status === "PENDING") {
              order.status = "CANCELLED";
              for (const l of order.lines) model.stock[l.product]! += l.quantity;
            }
          }
          for (const [i, p] of products.entries()) expect(await shop.stock(p.id)).toBe(model.stock[i]);
        }

        // The databases agree with the model and with each other.
        for (const [i, p] of products.entries()) {
          const stock = await shop.stock(p.id);
          expect(stock).toBe(model.stock[i]);
          expect(stock).toBeGreaterThanOrEqual(0);
          const held = await stack.subgraphs.products.prisma.reservationLine.aggregate({
            where: { productId: p.id, reservation: { status: { in: ["HELD", "COMMITTED"] } } },
            _sum: { quantity: true },
          });
          expect(stock + (held._sum.quantity ?? 0)).toBe(initial[i]);
        }
        for (const order of orders) {
          const row = await stack.subgraphs.orders.prisma.order.findUniqueOrThrow({ where: { id: order.id } });
          expect(row.status).toBe(order.status);
          const reservation = await shop.reservation(order.id);
          expect(reservation?.status).toBe({ PENDING: "HELD", PAID: "COMMITTED", CANCELLED: "RELEASED", REFUNDED: "RELEASED" }[order.status]);
          const succeeded = await stack.subgraphs.payments.prisma.payment.findMany({ where: { orderId: order.id, status: "SUCCEEDED" } });
          const charges = await shop.charges(order.id);
          expect(succeeded).toHaveLength(order.status === "PAID" ? 1 : 0);
          expect(charges).toHaveLength(order.paymentId ? 1 : 0);
          if (order.paymentId) {
            // Charged once, for the total; refunded exactly as much as staff refunded, never more.
            expect(charges[0]).toMatchObject({ amountCents: order.total, refundedCents: order.refunded });
            const payment = await stack.subgraphs.payments.prisma.payment.findUniqueOrThrow({ where: { id: order.paymentId } });
            expect(payment).toMatchObject({ refundedCents: order.refunded, refundHeldCents: order.refunded, status: order.status === "REFUNDED" ? "REFUNDED" : "SUCCEEDED" });
          }
        }
        expect(await stack.subgraphs.orders.prisma.outboxMessage.count()).toBe(0);
        expect(await stack.subgraphs.payments.prisma.outboxMessage.count()).toBe(0);
        expect(await stack.subgraphs.payments.prisma.payment.count({ where: { status: "PENDING" } })).toBe(0);
      }),
      { numRuns: Number(process.env.CHECKOUT_PROPERTY_RUNS ?? 12) },
    );
  });
});
