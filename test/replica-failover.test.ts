// A payments replica dies in the middle of a payment (fault injection after the PENDING row, before the charge);
// the load balancer drops it, and the surviving replica's recovery finishes the payment: one charge, the order PAID,
// the shopper's retry answered with the same payment. Needs PostgreSQL (TEST_POSTGRES_URL), as replicas.test.ts.
import { randomUUID } from "node:crypto";
import { seedUsers } from "@shop/shared/seed-data";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { key, ORDER_FIELDS, PAYMENT_FIELDS } from "./support/checkout.ts";
import { type ReplicatedStack, startReplicatedStack } from "./support/replicas.ts";

vi.setConfig({ testTimeout: 120_000 });
const [ada] = seedUsers as [(typeof seedUsers)[0]];
const PLACE = `mutation ($input: PlaceOrderInput!) { placeOrder(input: $input) { ${ORDER_FIELDS} } }`;
const PAY = `mutation ($input: PayOrderInput!) { payOrder(input: $input) { ${PAYMENT_FIELDS} } }`;

describe.skipIf(!process.env.TEST_POSTGRES_URL)("a payments replica dying mid-payment (skipped without TEST_POSTGRES_URL)", () => {
  let stack: ReplicatedStack;
  let token: string;

  beforeAll(async () => {
    // Recovery takes any PENDING payment at once and runs only when asked; the first payments replica dies at its
    // first payment, right after recording it PENDING.
    stack = await startReplicatedStack(
      { PAYMENT_STALE_AFTER_SECONDS: "0", PAYMENT_RECOVERY_INTERVAL_MS: "3600000", ORDER_SWEEP_INTERVAL_MS: "3600000" },
      { payments: [{ FAULT_INJECTION: "payments:after-pending" }] },
    );
    const login = await stack.query<{ login: { token: string } }>(
      "mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token } }",
      { e: ada.email, p: "storefront-demo" },
    );
    token = login.data!.login.token;
  });
  afterAll(() => stack?.stop());

  it("the surviving replica's recovery finishes the payment once and the retry sees it", async () => {
    const [dying, surviving] = stack.replicas.payments as [ReplicatedStack["replicas"]["payments"][0], ReplicatedStack["replicas"]["payments"][0]];
    const item = await stack.subgraphs.products.prisma.product.create({
      data: { sku: `TEST-${randomUUID()}`, name: "Failover test", description: "For a test", priceCents: 2500, stock: 3 },
    });
    const placed = await stack.query(PLACE, { input: { items: [{ productId: item.id, quantity: 2 }], idempotencyKey: key() } }, token);
    const orderId = placed.data!.placeOrder.id as string;

    // The balancer happens to send the payment to the replica that then dies.
    stack.proxies.payments.setTargets([new URL(dying.url).origin]);
    const payKey = key();
    const crashed = await stack.query(PAY, { input: { orderId, paymentMethod: "pm_card_visa", idempotencyKey: payKey } }, token);
    expect(crashed.data?.payOrder ?? null).toBeNull();
    expect(crashed.errors?.[0]?.extensions?.code).toBe("INTERNAL_SERVER_ERROR");
    const pending = await surviving.prisma.payment.findFirstOrThrow({ where: { orderId } });
    expect(pending.status).toBe("PENDING");

    // It is gone; the balancer sends everything to the survivor, whose recovery (as on its timer) finishes the payment.
    await dying.stop();
    stack.proxies.payments.setTargets([new URL(surviving.url).origin]);
    await surviving.recover();
    const payment = await surviving.prisma.payment.findUniqueOrThrow({ where: { id: pending.id } });
    expect(payment.status).toBe("SUCCEEDED");
    const charges = await surviving.prisma.simulatedCharge.findMany({ where: { idempotencyKey: pending.id } });
    expect(charges).toHaveLength(1);
    expect(charges[0]!.amountCents).toBe(2 * 2500);

    const order = await stack.query(`query ($id: ID!) { order(id: $id) { status payment { id status } } }`, { id: orderId }, token);
    expect(order.data?.order).toEqual({ status: "PAID", payment: { id: pending.id, status: "SUCCEEDED" } });
    expect((await stack.subgraphs.products.prisma.reservation.findUnique({ where: { orderId } }))?.status).toBe("COMMITTED");

    const retried = await stack.query(PAY, { input: { orderId, paymentMethod: "pm_card_visa", idempotencyKey: payKey } }, token);
    expect(retried.data?.payOrder).toMatchObject({ id: pending.id, status: "SUCCEEDED" });
    expect(await surviving.prisma.simulatedCharge.count({ where: { idempotencyKey: pending.id } })).toBe(1);
  });
});
