// Fulfilment in the orders subgraph over real HTTP: staff (orders:manage) list every order with filters and pages,
// ship PAID orders that have an address and mark them delivered, only forward, each move recorded with who and
// when; customers follow their own orders; a credential without the scope is refused here too (defence in depth).
import { randomUUID } from "node:crypto";
import { createLogger } from "@shop/shared/logger";
import { SCOPES, STAFF_SCOPES } from "@shop/shared/scopes";
import { seedAddresses, seedOrders, seedUsers } from "@shop/shared/seed-data";
import { callSubgraph, callSubgraphAs, testEnv } from "@shop/shared/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OrderStatus } from "../src/__generated__/prisma/client.ts";
import { loadConfig, startOrdersSubgraph } from "../src/subgraph.ts";

const config = loadConfig(testEnv());
let subgraph: Awaited<ReturnType<typeof startOrdersSubgraph>>;
const [ada, grace, staff] = [seedUsers[0]!, seedUsers[1]!, seedUsers[2]!];
const address = { name: "Ada Lovelace", line1: "12 St James's Square", line2: null, city: "London", postalCode: "SW1Y 4JH", country: "GB" };

type Who = { userId: string | null; scopes?: readonly string[] };
const asStaff: Who = { userId: staff.id, scopes: STAFF_SCOPES };
const asAda: Who = { userId: ada.id };
const call = (query: string, variables: Record<string, unknown>, who: Who) =>
  callSubgraph(subgraph.url, config.serviceKeys, query, variables, who.userId, who.scopes ?? []);
const code = (result: { errors?: Array<{ extensions?: Record<string, any> }> }) => result.errors?.[0]?.extensions?.code;

const ORDER = `id status user { id } shippingAddress { name line1 line2 city postalCode country }
  shipment { carrier trackingNumber shippedAt deliveredAt }`;
const LIST = `query ($status: OrderStatus, $userId: ID, $placedAfter: String, $placedBefore: String, $first: Int, $after: String) {
  orders(status: $status, userId: $userId, placedAfter: $placedAfter, placedBefore: $placedBefore, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id status } }
  }
}`;
const SHIP = `mutation ($input: ShipOrderInput!) { shipOrder(input: $input) { ${ORDER} } }`;
const DELIVER = `mutation ($id: ID!) { markOrderDelivered(orderId: $id) { ${ORDER} } }`;
const ORDER_BY_ID = `query ($id: ID!) { order(id: $id) { ${ORDER} } }`;

/** An order written straight to the database (placement is covered through the router), for one test's filters. */
async function order(userId: string, status: OrderStatus, options: { createdAt?: Date; withAddress?: boolean } = {}) {
  return subgraph.prisma.order.create({
    data: {
      userId,
      status,
      totalCents: 1200,
      currency: "USD",
      createdAt: options.createdAt ?? new Date(),
      ...(options.withAddress === false ? {} : { shippingAddress: address }),
    },
  });
}

const ship = (orderId: string, who: Who = asStaff, carrier = "DHL", trackingNumber = "JD0146000038") =>
  call(SHIP, { input: { orderId, carrier, trackingNumber } }, who);
const events = (orderId: string) => subgraph.prisma.orderEvent.findMany({ where: { orderId }, orderBy: { createdAt: "asc" } });
const row = (orderId: string) => subgraph.prisma.order.findUniqueOrThrow({ where: { id: orderId } });

beforeAll(async () => {
  subgraph = await startOrdersSubgraph(config, createLogger("orders", "error"));
});
afterAll(() => subgraph?.stop());

describe("Query.orders (staff)", () => {
  it("lists every customer's orders newest first, one page at a time, with the total count", async () => {
    const all = await subgraph.prisma.order.findMany({ where: { placing: false }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const { data, errors } = await call(LIST, { first: 2, after }, asStaff);
      expect(errors).toBeUndefined();
      expect(data?.orders.totalCount).toBe(all.length);
      seen.push(...data?.orders.edges.map((edge: { node: { id: string } }) => edge.node.id));
      if (!data?.orders.pageInfo.hasNextPage) break;
      after = data.orders.pageInfo.endCursor;
    }
    expect(seen).toEqual(all.map((row) => row.id));
    expect(seen.length).toBeGreaterThanOrEqual(seedOrders.length);
  });

  it("filters by status, customer and placement time, alone and together", async () => {
    const buyer = randomUUID();
    const day = (d: number) => new Date(Date.UTC(2020, 0, d, 12));
    const [older, paid, pending, newer] = [
      await order(buyer, "PAID", { createdAt: day(1) }),
      await order(buyer, "PAID", { createdAt: day(2) }),
      await order(buyer, "PENDING", { createdAt: day(3) }),
      await order(buyer, "SHIPPED", { createdAt: day(4) }),
    ];
    const ids = async (variables: Record<string, unknown>) => {
      const { data, errors } = await call(LIST, variables, asStaff);
      expect(errors).toBeUndefined();
      expect(data?.orders.totalCount).toBe(data?.orders.edges.length);
      return data?.orders.edges.map((edge: { node: { id: string } }) => edge.node.id);
    };
    expect(await ids({ userId: buyer })).toEqual([newer.id, pending.id, paid.id, older.id]);
    expect(await ids({ userId: buyer.toUpperCase(), status: "PAID" })).toEqual([paid.id, older.id]);
    expect(await ids({ userId: buyer, placedAfter: "2020-01-02", placedBefore: "2020-01-04T00:00:00Z" })).toEqual([pending.id, paid.id]);
    expect(await ids({ userId: buyer, placedAfter: "2020-01-03T12:00:00+00:00" })).toEqual([newer.id, pending.id]);
    expect(await ids({ placedBefore: "2020-01-02T00:00:00Z", userId: buyer })).toEqual([older.id]);
    const shipped = await ids({ status: "SHIPPED", placedBefore: "2021-01-01" });
    expect(shipped).toEqual([newer.id]);
  });

  it("refuses bad arguments with BAD_USER_INPUT naming them", async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ userId: "1 OR 1=1" }, "userId"],
      [{ placedAfter: "yesterday" }, "placedAfter"],
      [{ placedAfter: "2026-02-30" }, "placedAfter"],
      [{ placedBefore: "2026-12-01T10:00:00" }, "placedBefore"],
      [{ placedAfter: "2026-12-02", placedBefore: "2026-12-01" }, "placedBefore"],
      [{ first: 101 }, "first"],
      [{ after: "garbage!" }, "after"],
    ];
    for (const [variables, field] of cases) {
      const result = await call(LIST, variables, asStaff);
      expect(result.data?.orders).toBeNull();
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
    }
  });

  it("is null for a customer (FORBIDDEN) and for an anonymous caller (UNAUTHENTICATED)", async () => {
    const customer = await call(LIST, {}, asAda);
    expect(customer.data?.orders).toBeNull();
    expect(code(customer)).toBe("FORBIDDEN");
    // Another staff scope is not this one.
    expect(code(await call(LIST, {}, { userId: staff.id, scopes: [SCOPES.catalogWrite] }))).toBe("FORBIDDEN");
    expect(code(await call(LIST, {}, { userId: null, scopes: [SCOPES.ordersManage] }))).toBe("UNAUTHENTICATED");
  });
});

describe("shipping and delivery", () => {
  it("ships a PAID order with its carrier and tracking number, then marks it delivered, recording each move", async () => {
    const paid = await order(ada.id, "PAID");
    const shipped = await ship(paid.id, asStaff, "  Royal Mail ", "RM-123456789GB");
    expect(shipped.errors).toBeUndefined();
    const { shipment } = shipped.data?.shipOrder;
    expect(shipped.data?.shipOrder).toMatchObject({ id: paid.id, status: "SHIPPED", shippingAddress: address, user: { id: ada.id } });
    expect(shipment).toMatchObject({ carrier: "Royal Mail", trackingNumber: "RM-123456789GB", deliveredAt: null });
    expect(Math.abs(Date.parse(shipment.shippedAt) - Date.now())).toBeLessThan(60_000);

    // The buyer sees the shipment on their own order; another customer cannot see the order at all.
    const mine = await call(ORDER_BY_ID, { id: paid.id }, asAda);
    expect(mine.data?.order).toEqual(shipped.data?.shipOrder);
    expect(code(await call(ORDER_BY_ID, { id: paid.id }, { userId: grace.id }))).toBe("NOT_FOUND");

    const delivered = await call(DELIVER, { id: paid.id }, asStaff);
    expect(delivered.errors).toBeUndefined();
    expect(delivered.data?.markOrderDelivered.status).toBe("DELIVERED");
    expect(delivered.data?.markOrderDelivered.shipment).toMatchObject({ carrier: "Royal Mail", shippedAt: shipment.shippedAt });
    expect(Date.parse(delivered.data?.markOrderDelivered.shipment.deliveredAt)).toBeGreaterThanOrEqual(Date.parse(shipment.shippedAt));

    expect(await events(paid.id)).toMatchObject([
      { fromStatus: "PAID", toStatus: "SHIPPED", actorId: staff.id, actorService: "router", details: { carrier: "Royal Mail", trackingNumber: "RM-123456789GB" } },
      { fromStatus: "SHIPPED", toStatus: "DELIVERED", actorId: staff.id, actorService: "router", details: null },
    ]);
    // Staff read any order by id, with its history; the buyer's credential gets null with FORBIDDEN for the history.
    const history = `query ($id: ID!) { order(id: $id) { status events { fromStatus toStatus actor { id } actorService carrier trackingNumber createdAt } } }`;
    const asSeenByStaff = await call(history, { id: paid.id }, asStaff);
    expect(asSeenByStaff.data?.order).toMatchObject({
      status: "DELIVERED",
      events: [
        { fromStatus: "PAID", toStatus: "SHIPPED", actor: { id: staff.id }, actorService: "router", carrier: "Royal Mail", trackingNumber: "RM-123456789GB" },
        { fromStatus: "SHIPPED", toStatus: "DELIVERED", actor: { id: staff.id }, carrier: null, trackingNumber: null },
      ],
    });
    const asSeenByAda = await call(history, { id: paid.id }, asAda);
    expect(asSeenByAda.data?.order).toEqual({ status: "DELIVERED", events: null });
    expect(asSeenByAda.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("moves only forward: CONFLICT naming why, and nothing changes", async () => {
    const refusals: Array<[OrderStatus, "ship" | "deliver", string]> = [
      ["PENDING", "ship", "NOT_PAID"],
      ["CANCELLED", "ship", "NOT_PAID"],
      ["SHIPPED", "ship", "NOT_PAID"],
      ["DELIVERED", "ship", "NOT_PAID"],
      ["PENDING", "deliver", "NOT_SHIPPED"],
      ["PAID", "deliver", "NOT_SHIPPED"],
      ["DELIVERED", "deliver", "NOT_SHIPPED"],
    ];
    for (const [status, move, reason] of refusals) {
      const placed = await order(ada.id, status);
      const before = await row(placed.id);
      const result = move === "ship" ? await ship(placed.id) : await call(DELIVER, { id: placed.id }, asStaff);
      expect(result.data).toBeNull();
      expect(result.errors?.[0]?.extensions).toEqual({ code: "CONFLICT", reason, status });
      expect(result.errors?.[0]?.message).toContain(status);
      expect(await row(placed.id)).toEqual(before);
      expect(await events(placed.id)).toEqual([]);
    }
  });

  it("refuses to ship an order without a shipping address", async () => {
    const paid = await order(ada.id, "PAID", { withAddress: false });
    const result = await ship(paid.id);
    expect(result.errors?.[0]?.extensions).toEqual({ code: "CONFLICT", reason: "NO_SHIPPING_ADDRESS", status: "PAID" });
    expect(result.errors?.[0]?.message).toMatch(/no shipping address/);
    expect((await row(paid.id)).status).toBe("PAID");
    expect((await call(ORDER_BY_ID, { id: paid.id }, asAda)).data?.order).toMatchObject({ shippingAddress: null, shipment: null });
  });

  it("refuses customers (FORBIDDEN) and anonymous callers (UNAUTHENTICATED) even with a valid subgraph credential", async () => {
    const paid = await order(ada.id, "PAID");
    for (const [who, expected] of [
      [asAda, "FORBIDDEN"],
      [{ userId: staff.id, scopes: [SCOPES.catalogWrite, SCOPES.paymentsRefund] }, "FORBIDDEN"],
      [{ userId: null }, "UNAUTHENTICATED"],
    ] as Array<[Who, string]>) {
      expect(code(await ship(paid.id, who))).toBe(expected);
      expect(code(await call(DELIVER, { id: paid.id }, who))).toBe(expected);
    }
    expect((await row(paid.id)).status).toBe("PAID");
    expect(await events(paid.id)).toEqual([]);
  });

  it("checks the order id, carrier and tracking number: BAD_USER_INPUT, NOT_FOUND", async () => {
    const paid = await order(ada.id, "PAID");
    const bad: Array<[string, string, string, string]> = [
      ["not-a-uuid", "DHL", "JD0146000038", "orderId"],
      [paid.id, "   ", "JD0146000038", "carrier"],
      [paid.id, "x".repeat(51), "JD0146000038", "carrier"],
      [paid.id, "DHL", "abc", "trackingNumber"],
      [paid.id, "DHL", "JD 0146", "trackingNumber"],
      [paid.id, "DHL", "1".repeat(41), "trackingNumber"],
    ];
    for (const [orderId, carrier, trackingNumber, field] of bad) {
      expect((await ship(orderId, asStaff, carrier, trackingNumber)).errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
    }
    expect(code(await ship(randomUUID()))).toBe("NOT_FOUND");
    expect(code(await call(DELIVER, { id: randomUUID() }, asStaff))).toBe("NOT_FOUND");
    expect((await row(paid.id)).status).toBe("PAID");
  });

  it("finds the demo orders ready to ship: PAID, with their buyer's demo address", async () => {
    const seeded = seedOrders.find((candidate) => candidate.userId === grace.id)!;
    const { data } = await call(ORDER_BY_ID, { id: seeded.id }, asStaff);
    expect(data?.order).toMatchObject({ status: "PAID", shippingAddress: seedAddresses.grace, shipment: null });
  });

  it("answers a late markOrderPaid on a shipped order as paid (a payments retry must not take it for a lost race and refund)", async () => {
    const shipped = await order(ada.id, "PAID");
    expect((await ship(shipped.id)).errors).toBeUndefined();
    const query = `mutation ($id: ID!) { markOrderPaid(orderId: $id) { id status } }`;
    const variables = { id: shipped.id };
    const retry = await callSubgraphAs(subgraph.url, config.serviceKeys, "payments", query, variables, ada.id);
    expect(retry.errors).toBeUndefined();
    expect(retry.data?.markOrderPaid).toEqual({ id: shipped.id, status: "SHIPPED" });
    expect((await events(shipped.id)).map((event) => event.toStatus)).toEqual(["SHIPPED"]);
  });

  it("keeps the buyer's rules: a shipped order cannot be cancelled", async () => {
    const shipped = await order(ada.id, "PAID");
    expect((await ship(shipped.id)).errors).toBeUndefined();
    const cancel = await call(`mutation ($id: ID!) { cancelOrder(orderId: $id) { id } }`, { id: shipped.id }, asAda);
    expect(code(cancel)).toBe("CONFLICT");
    expect((await row(shipped.id)).status).toBe("SHIPPED");
  });
});
