// refundPayment at the payments subgraph, reached directly as the router would: the scope is checked here too
// (defence in depth), refunds are listed on their payment for its owner and for refunding staff, and the simulated
// processor's ledger refunds each key once and never beyond the charge.
import { randomUUID } from "node:crypto";
import { createLogger } from "@shop/shared/logger";
import { SCOPES } from "@shop/shared/scopes";
import { seedOrders, seedUsers } from "@shop/shared/seed-data";
import { observedSql } from "@shop/shared/sql";
import { callSubgraph, testEnv } from "@shop/shared/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refundOnce } from "../src/db/ledger.ts";
import { createLoaders } from "../src/loaders.ts";
import { loadConfig, startPaymentsSubgraph } from "../src/subgraph.ts";

// No orders service here: the order.refunded message of a full refund would wait in the outbox, so these refunds
// stay partial (the router suite covers full refunds end to end).
const config = loadConfig(testEnv({ ORDERS_URL: "http://127.0.0.1:9/graphql" }));
let subgraph: Awaited<ReturnType<typeof startPaymentsSubgraph>>;
const ada = seedUsers.find((user) => user.email === "ada@example.com")!;
const grace = seedUsers.find((user) => user.email === "grace@example.com")!;
const staff = seedUsers.find((user) => user.email === "staff@example.com")!;
const adasOrder = seedOrders.find((order) => order.userId === ada.id)!;
const code = (result: { errors?: Array<{ extensions?: Record<string, any> }> }) => result.errors?.[0]?.extensions?.code;

const REFUND = `mutation ($input: RefundPaymentInput!) { refundPayment(input: $input) { id amountCents reason status createdAt } }`;
const PAYMENT = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Payment { id status refundedCents refunds { id amountCents status } } } }`;
const refund = (amountCents: number, userId: string | null, scopes: string[], idempotencyKey = `key-${randomUUID()}`) =>
  callSubgraph(subgraph.url, config.serviceKeys, REFUND, {
    input: { paymentId: adasOrder.payment.id, amountCents, reason: "Subgraph test", idempotencyKey },
  }, userId, scopes);
const payment = (userId: string, scopes: string[] = []) =>
  callSubgraph(subgraph.url, config.serviceKeys, PAYMENT, { r: [{ __typename: "Payment", id: adasOrder.payment.id }] }, userId, scopes);

beforeAll(async () => {
  subgraph = await startPaymentsSubgraph(config, createLogger("payments", "fatal"));
});
afterAll(() => subgraph?.stop());

describe("refundPayment", () => {
  it("refuses a valid credential without payments:refund, and an anonymous one, changing nothing", async () => {
    expect(code(await refund(100, staff.id, [SCOPES.catalogWrite, SCOPES.ordersManage, SCOPES.usersAdmin]))).toBe("FORBIDDEN");
    expect(code(await refund(100, ada.id, []))).toBe("FORBIDDEN");
    expect(code(await refund(100, null, [SCOPES.paymentsRefund]))).toBe("UNAUTHENTICATED");
    expect(await subgraph.prisma.refund.count()).toBe(0);
    expect(await subgraph.prisma.simulatedRefund.count()).toBe(0);
  });

  it("refunds part of a payment with the scope; its owner and refunding staff see the refunds, newest first", async () => {
    const first = await refund(150, staff.id, [SCOPES.paymentsRefund]);
    expect(first.errors).toBeUndefined();
    const second = await refund(250, staff.id, [SCOPES.paymentsRefund]);
    expect(second.data?.refundPayment).toMatchObject({ amountCents: 250, reason: "Subgraph test", status: "SUCCEEDED" });
    const expected = {
      id: adasOrder.payment.id,
      status: "SUCCEEDED",
      refundedCents: 400,
      refunds: [second.data?.refundPayment, first.data?.refundPayment].map((r) => ({ id: r.id, amountCents: r.amountCents, status: "SUCCEEDED" })),
    };
    expect((await payment(ada.id)).data?._entities).toEqual([expected]);
    expect((await payment(staff.id, [SCOPES.paymentsRefund])).data?._entities).toEqual([expected]);
    // Anyone else sees nothing of it.
    expect((await payment(grace.id)).data?._entities).toEqual([null]);
    expect((await payment(staff.id, [SCOPES.ordersManage])).data?._entities).toEqual([null]);
  });

  it("loads the refunds of many payments with one query, newest first", async () => {
    let queries = 0;
    const counting = observedSql(subgraph.sql, () => queries++);
    const loaders = createLoaders(counting);
    const lists = await Promise.all(seedOrders.map((order) => loaders.refundsByPayment.load(order.payment.id)));
    expect(queries).toBe(1);
    const adas = lists[seedOrders.indexOf(adasOrder)]!;
    expect(adas.map((r) => r.amountCents)).toEqual([250, 150]);
    expect(lists.filter((list) => list.length > 0)).toHaveLength(1);
  });
});

describe("the simulated processor's refund ledger", () => {
  it("refunds one key once and never more than the charge", async () => {
    const charge = await subgraph.prisma.simulatedCharge.create({
      data: { id: randomUUID(), idempotencyKey: `charge-${randomUUID()}`, amountCents: 1000, currency: "USD", paymentMethod: "pm_card_visa" },
    });
    const key = randomUUID();
    const twice = await Promise.all([0, 1].map(() => refundOnce(subgraph.prisma, { chargeId: charge.id, amountCents: 600, idempotencyKey: key })));
    expect(twice[0]).toEqual(twice[1]);
    expect(await refundOnce(subgraph.prisma, { chargeId: charge.id, amountCents: 500, idempotencyKey: randomUUID() })).toBeNull();
    expect(await refundOnce(subgraph.prisma, { chargeId: charge.id, amountCents: 400, idempotencyKey: randomUUID() })).not.toBeNull();
    const after = await subgraph.prisma.simulatedCharge.findUniqueOrThrow({ where: { id: charge.id } });
    expect(after.refundedCents).toBe(1000);
    expect(after.refundedAt).not.toBeNull();
    expect(await subgraph.prisma.simulatedRefund.count({ where: { chargeId: charge.id } })).toBe(2);
  });
});
