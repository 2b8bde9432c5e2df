// The payments subgraph over real HTTP: federation fields, owner-only payments, the database guards, and the router-only credential.
import { randomUUID } from "node:crypto";
import { isUniqueViolation } from "@shop/shared/db-errors";
import { createLogger } from "@shop/shared/logger";
import { seedOrders, seedUsers } from "@shop/shared/seed-data";
import { callSubgraph, postGraphQL, testEnv } from "@shop/shared/testing";
import { observedSql } from "@shop/shared/sql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, startPaymentsSubgraph } from "../src/subgraph.ts";
import { createLoaders } from "../src/loaders.ts";

const config = loadConfig(testEnv());
let subgraph: Awaited<ReturnType<typeof startPaymentsSubgraph>>;
const [ada, grace] = [seedUsers[0]!, seedUsers[1]!];
const adasOrder = seedOrders.find((order) => order.userId === ada.id)!;
const gracesOrder = seedOrders.find((order) => order.userId === grace.id)!;
const UNKNOWN = "00000000-0000-4000-8000-000000000000";
const call = (query: string, variables: Record<string, unknown> = {}, userId: string | null = null) =>
  callSubgraph(subgraph.url, config.serviceKeys, query, variables, userId);

const orderPayments = `query ($r: [_Any!]!) {
  _entities(representations: $r) { ... on Order { id payment { id amountCents currency status createdAt order { id } } } }
}`;
const orderRefs = (...ids: string[]) => ({ r: ids.map((id) => ({ __typename: "Order", id })) });
const paymentEntities = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Payment { id amountCents status order { id } } } }`;
const paymentRefs = (...ids: string[]) => ({ r: ids.map((id) => ({ __typename: "Payment", id })) });

beforeAll(async () => {
  subgraph = await startPaymentsSubgraph(config, createLogger("payments", "error"));
});
afterAll(() => subgraph?.stop());

describe("federation", () => {
  it("publishes its SDL through _service", async () => {
    const { data } = await call("{ _service { sdl } }");
    expect(data?._service.sdl).toMatch(/type Payment\s+@key\(fields: "id"\)/);
    expect(data?._service.sdl).toMatch(/type Order\s+@key\(fields: "id"\)\s*\{[^}]*payment: Payment\n/);
    expect(data?._service.sdl).toMatch(/enum PaymentStatus\s*\{[^}]*PENDING[^}]*SUCCEEDED[^}]*FAILED/);
  });

  it("adds the owner's succeeded payment to Order references, amount equal to the order's total", async () => {
    const { data, errors } = await call(orderPayments, orderRefs(adasOrder.id), ada.id);
    expect(errors).toBeUndefined();
    expect(data?._entities).toEqual([
      {
        id: adasOrder.id,
        payment: {
          id: adasOrder.payment.id,
          amountCents: adasOrder.totalCents,
          currency: "USD",
          status: "SUCCEEDED",
          createdAt: adasOrder.payment.createdAt.toISOString(),
          order: { id: adasOrder.id },
        },
      },
    ]);
  });

  it("answers a null payment to anonymous callers and to other users", async () => {
    for (const userId of [null, grace.id]) {
      const { data, errors } = await call(orderPayments, orderRefs(adasOrder.id), userId);
      expect(errors).toBeUndefined();
      expect(data?._entities).toEqual([{ id: adasOrder.id, payment: null }]);
    }
  });

  it("resolves many Order references at once, null for other users' orders, unknown and malformed ids", async () => {
    const adasOrders = seedOrders.filter((order) => order.userId === ada.id);
    const ids = [...adasOrders.map((order) => order.id), gracesOrder.id, UNKNOWN, "not-a-uuid"];
    const { data, errors } = await call(orderPayments, orderRefs(...ids), ada.id);
    expect(errors).toBeUndefined();
    const payments = (data?._entities as Array<{ id: string; payment: { id: string; amountCents: number } | null }>).map(
      (order) => [order.id, order.payment && [order.payment.id, order.payment.amountCents]],
    );
    expect(payments).toEqual([
      ...adasOrders.map((order) => [order.id, [order.payment.id, order.totalCents]]),
      [gracesOrder.id, null],
      [UNKNOWN, null],
      ["not-a-uuid", null],
    ]);
  });

  it("resolves Payment references for their owner only", async () => {
    const refs = paymentRefs(adasOrder.payment.id, gracesOrder.payment.id, UNKNOWN, "not-a-uuid");
    const asAda = await call(paymentEntities, refs, ada.id);
    expect(asAda.errors).toBeUndefined();
    expect(asAda.data?._entities).toEqual([
      { id: adasOrder.payment.id, amountCents: adasOrder.totalCents, status: "SUCCEEDED", order: { id: adasOrder.id } },
      null,
      null,
      null,
    ]);
    const asGrace = await call(paymentEntities, paymentRefs(adasOrder.payment.id, gracesOrder.payment.id), grace.id);
    expect(asGrace.data?._entities).toEqual([
      null,
      { id: gracesOrder.payment.id, amountCents: gracesOrder.totalCents, status: "SUCCEEDED", order: { id: gracesOrder.id } },
    ]);
    const anonymous = await call(paymentEntities, paymentRefs(adasOrder.payment.id));
    expect(anonymous.data?._entities).toEqual([null]);
  });
});

describe("which payment an order shows", () => {
  const attempt = (orderId: string, status: "PENDING" | "SUCCEEDED" | "FAILED", minute: number) =>
    subgraph.prisma.payment.create({
      data: { orderId, userId: ada.id, amountCents: 1000, currency: "USD", status, createdAt: new Date(Date.UTC(2026, 10, 2, 9, minute)) },
    });
  const shown = async (orderId: string) =>
    (await call(orderPayments, orderRefs(orderId), ada.id)).data?._entities[0].payment as { id: string; status: string } | null;

  it("shows the most recent attempt until one succeeds, then the succeeded one", async () => {
    const orderId = randomUUID();
    expect(await shown(orderId)).toBeNull();
    await attempt(orderId, "FAILED", 1);
    const pending = await attempt(orderId, "PENDING", 2);
    expect(await shown(orderId)).toMatchObject({ id: pending.id, status: "PENDING" });
    // One attempt at a time: the pending one must end before another can be recorded.
    await subgraph.prisma.payment.update({ where: { id: pending.id }, data: { status: "FAILED" } });
    const succeeded = await attempt(orderId, "SUCCEEDED", 3);
    await attempt(orderId, "FAILED", 4);
    expect(await shown(orderId)).toMatchObject({ id: succeeded.id, status: "SUCCEEDED" });
  });

  it("loads the payments of many orders with one query", async () => {
    let queries = 0;
    const counting = observedSql(subgraph.sql, () => queries++);
    const loaders = createLoaders(counting);
    const lists = await Promise.all(seedOrders.map((order) => loaders.paymentsByOrder.load(order.id)));
    expect(queries).toBe(1);
    expect(lists.map((list) => list.map((payment) => payment.id))).toEqual(seedOrders.map((order) => [order.payment.id]));
  });
});

describe("database guards", () => {
  const row = (status: "PENDING" | "SUCCEEDED" | "FAILED", amountCents = adasOrder.totalCents) => ({
    orderId: adasOrder.id,
    userId: ada.id,
    amountCents,
    currency: "USD",
    status,
  });

  it("refuses a second SUCCEEDED payment for one order, but records further failed attempts", async () => {
    const error = await subgraph.prisma.payment.create({ data: row("SUCCEEDED") }).catch((caught: unknown) => caught);
    expect(isUniqueViolation(error)).toBe(true);
    const failed = await subgraph.prisma.payment.create({ data: row("FAILED") });
    expect(failed.status).toBe("FAILED");
    expect(await subgraph.prisma.payment.count({ where: { orderId: adasOrder.id, status: "SUCCEEDED" } })).toBe(1);
  });

  it("refuses a second payment in flight for one order (no two charges can race)", async () => {
    const orderId = "00000000-0000-4000-8000-00000000a001";
    await subgraph.prisma.payment.create({ data: { ...row("PENDING"), orderId } });
    const error = await subgraph.prisma.payment.create({ data: { ...row("PENDING"), orderId } }).catch((caught: unknown) => caught);
    expect(isUniqueViolation(error)).toBe(true);
    expect(await subgraph.prisma.payment.count({ where: { orderId } })).toBe(1);
  });

  it("refuses a zero or negative amount", async () => {
    for (const amountCents of [0, -100]) {
      await expect(subgraph.prisma.payment.create({ data: row("FAILED", amountCents) })).rejects.toThrow();
    }
    expect(await subgraph.prisma.payment.count({ where: { amountCents: { lte: 0 } } })).toBe(0);
  });
});

describe("router-only access", () => {
  it("refuses a request without a credential, or with a forged one", async () => {
    const query = `{ _entities(representations: [{ __typename: "Payment", id: "${adasOrder.payment.id}" }]) { __typename } }`;
    const plain = await postGraphQL(subgraph.url, query);
    expect(plain.status).toBe(401);
    expect(plain.data).toBeUndefined();
    const forged = await postGraphQL(subgraph.url, query, {}, { "x-shop-credential": "eyJhbGciOiJub25lIn0.e30." });
    expect(forged.status).toBe(401);
  });
});
