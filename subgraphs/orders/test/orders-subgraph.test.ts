// The orders subgraph over real HTTP: federation fields, order privacy, batching, and the router-only credential.
import { createLogger } from "@shop/shared/logger";
import { seedOrders, seedUsers } from "@shop/shared/seed-data";
import { callSubgraph, postGraphQL, testEnv } from "@shop/shared/testing";
import { observedSql } from "@shop/shared/sql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seed } from "../../../prisma/orders/seed.ts";
import { loadConfig, startOrdersSubgraph } from "../src/subgraph.ts";
import { createLoaders } from "../src/loaders.ts";

const config = loadConfig(testEnv());
let subgraph: Awaited<ReturnType<typeof startOrdersSubgraph>>;
const [ada, grace] = [seedUsers[0]!, seedUsers[1]!];
const adaOrders = seedOrders.filter((order) => order.userId === ada.id).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
const graceOrder = seedOrders.find((order) => order.userId === grace.id)!;
const unknownId = "00000000-0000-4000-8000-000000000000";
const call = (query: string, variables: Record<string, unknown> = {}, userId: string | null = null) =>
  callSubgraph(subgraph.url, config.serviceKeys, query, variables, userId);

const ORDER_FIELDS = `id totalCents currency status createdAt user { id }
  items { product { id } quantity unitPriceCents lineTotalCents }`;
const orderQuery = `query ($id: ID!) { order(id: $id) { ${ORDER_FIELDS} } }`;

/** What the API should answer for a seeded order (items in the service's stable order: by product id). */
function expected(order: (typeof seedOrders)[number]) {
  return {
    id: order.id,
    totalCents: order.totalCents,
    currency: "USD",
    status: "PAID",
    createdAt: order.createdAt.toISOString(),
    user: { id: order.userId },
    items: [...order.items]
      .sort((a, b) => a.productId.localeCompare(b.productId))
      .map((item) => ({
        product: { id: item.productId },
        quantity: item.quantity,
        unitPriceCents: item.unitPriceCents,
        lineTotalCents: item.quantity * item.unitPriceCents,
      })),
  };
}

beforeAll(async () => {
  subgraph = await startOrdersSubgraph(config, createLogger("orders", "error"));
});
afterAll(() => subgraph?.stop());

describe("federation", () => {
  it("publishes its SDL through _service", async () => {
    const { data } = await call("{ _service { sdl } }");
    const sdl: string = data?._service.sdl;
    expect(sdl).toMatch(/type Order\s+@key\(fields: "id"\)/);
    expect(sdl).toMatch(/type User\s+@key\(fields: "id"\)\s*\{[^}]*orders: \[Order!\]!/);
    expect(sdl).toMatch(/type Product\s+@key\(fields: "id", resolvable: false\)/);
    expect(sdl).toMatch(/enum OrderStatus\s*\{[^}]*PENDING[^}]*PAID[^}]*CANCELLED/);
  });

  it("resolves Order references for their owner only, null for strangers, unknown and malformed ids", async () => {
    const query = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Order { id totalCents status user { id } } } }`;
    const r = [adaOrders[0]!.id, graceOrder.id, unknownId, "not-a-uuid"].map((id) => ({ __typename: "Order", id }));
    const asAda = await call(query, { r }, ada.id);
    expect(asAda.errors).toBeUndefined();
    expect(asAda.data?._entities).toEqual([
      { id: adaOrders[0]!.id, totalCents: adaOrders[0]!.totalCents, status: "PAID", user: { id: ada.id } },
      null,
      null,
      null,
    ]);
    const anonymous = await call(query, { r }, null);
    expect(anonymous.data?._entities).toEqual([null, null, null, null]);
  });

  it("adds User.orders: Ada's three orders, newest first, totals equal to the sum of their items", async () => {
    const { data, errors } = await call(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { id orders { ${ORDER_FIELDS} } } } }`,
      { r: [{ __typename: "User", id: ada.id }] },
      ada.id,
    );
    expect(errors).toBeUndefined();
    const orders = data?._entities[0].orders as Array<ReturnType<typeof expected>>;
    expect(orders).toHaveLength(3);
    expect(orders).toEqual(adaOrders.map(expected));
    for (const order of orders) {
      expect(order.totalCents).toBe(order.items.reduce((sum, item) => sum + item.quantity * item.unitPriceCents, 0));
      expect(order.items.every((item) => item.lineTotalCents === item.quantity * item.unitPriceCents)).toBe(true);
    }
    const times = orders.map((order) => Date.parse(order.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });
});

describe("order(id)", () => {
  it("returns the caller's own order", async () => {
    const { data, errors } = await call(orderQuery, { id: adaOrders[2]!.id }, ada.id);
    expect(errors).toBeUndefined();
    expect(data?.order).toEqual(expected(adaOrders[2]!));
  });

  it("answers NOT_FOUND for another user's order exactly as for an unknown id", async () => {
    const foreign = await call(orderQuery, { id: graceOrder.id }, ada.id);
    const unknown = await call(orderQuery, { id: unknownId }, ada.id);
    expect(foreign.data?.order).toBeNull();
    expect(foreign.errors?.[0]).toMatchObject({ message: "Order not found", extensions: { code: "NOT_FOUND" } });
    expect(unknown.errors?.[0]?.message).toBe(foreign.errors?.[0]?.message);
    expect(unknown.errors?.[0]?.extensions).toEqual(foreign.errors?.[0]?.extensions);
  });

  it("refuses an anonymous caller with UNAUTHENTICATED", async () => {
    const { data, errors } = await call(orderQuery, { id: adaOrders[0]!.id });
    expect(data?.order).toBeNull();
    expect(errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("rejects a malformed id with BAD_USER_INPUT before touching the database", async () => {
    const { errors } = await call(orderQuery, { id: "1 OR 1=1" }, ada.id);
    expect(errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "id" });
  });
});

describe("User.orders privacy", () => {
  const userOrders = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { orders { id } } } }`;

  it("refuses another user's orders with FORBIDDEN", async () => {
    const { data, errors } = await call(userOrders, { r: [{ __typename: "User", id: grace.id }] }, ada.id);
    expect(data?._entities).toEqual([null]);
    expect(errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("refuses an anonymous caller with UNAUTHENTICATED", async () => {
    const { errors } = await call(userOrders, { r: [{ __typename: "User", id: ada.id }] });
    expect(errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("shows Grace her own two orders", async () => {
    const { data } = await call(userOrders, { r: [{ __typename: "User", id: grace.id }] }, grace.id);
    expect(data?._entities[0].orders.map((order: { id: string }) => order.id).sort()).toEqual(
      seedOrders.filter((order) => order.userId === grace.id).map((order) => order.id).sort(),
    );
  });
});

describe("storage", () => {
  it("loads orders of many users, and items of many orders, with one query each", async () => {
    const counts = { order: 0, orderItem: 0 };
    const counting = observedSql(subgraph.sql, (text) => counts[text.includes('FROM "OrderItem"') ? "orderItem" : "order"]++);
    const loaders = createLoaders(counting);
    const [adas, graces] = await Promise.all([loaders.ordersByUser.load(ada.id), loaders.ordersByUser.load(grace.id)]);
    const items = await Promise.all([...adas, ...graces].map((order) => loaders.itemsByOrder.load(order.id)));
    expect(await loaders.order.load(adas[0]!.id)).toBe(adas[0]);
    expect(counts).toEqual({ order: 1, orderItem: 1 });
    const seeded = new Map(seedOrders.map((order) => [order.id, order.items.length]));
    expect(items.map((lines) => lines.length)).toEqual([...adas, ...graces].map((order) => seeded.get(order.id)));
    expect(adas.map((order) => order.id)).toEqual(adaOrders.map((order) => order.id));
  });

  it("refuses rows that break the hand-written CHECK constraints", async () => {
    const orderId = adaOrders[0]!.id;
    const productId = "11111111-1111-4111-8111-111111111111";
    const addItem = (quantity: number, unitPriceCents: number) =>
      subgraph.prisma.orderItem.create({ data: { orderId, productId, quantity, unitPriceCents } });
    await expect(addItem(0, 100)).rejects.toThrow(/OrderItem_quantity_positive/);
    await expect(addItem(1, -1)).rejects.toThrow(/OrderItem_unitPriceCents_non_negative/);
    const negativeTotal = subgraph.prisma.order.update({ where: { id: orderId }, data: { totalCents: -1 } });
    await expect(negativeTotal).rejects.toThrow(/Order_totalCents_non_negative/);
    expect(await subgraph.prisma.orderItem.count({ where: { productId } })).toBe(0);
    expect((await subgraph.prisma.order.findUniqueOrThrow({ where: { id: orderId } })).totalCents).toBe(adaOrders[0]!.totalCents);
  });

  it("seeds every demo order once, PAID, with its total equal to the sum of its items", async () => {
    await seed(subgraph.prisma);
    const orders = await subgraph.prisma.order.findMany({ include: { items: true } });
    expect(orders.map((order) => order.id).sort()).toEqual(seedOrders.map((order) => order.id).sort());
    for (const order of orders) {
      expect(order.status).toBe("PAID");
      expect(order.totalCents).toBe(order.items.reduce((sum, item) => sum + item.quantity * item.unitPriceCents, 0));
    }
  });
});

describe("router-only access", () => {
  it("refuses a request without a credential, or with a forged one", async () => {
    const plain = await postGraphQL(subgraph.url, "{ _service { sdl } }");
    expect(plain.status).toBe(401);
    const forged = await postGraphQL(subgraph.url, "{ _service { sdl } }", {}, { "x-shop-credential": "eyJhbGciOiJub25lIn0.e30." });
    expect(forged.status).toBe(401);
  });
});
