// Fulfilment through the router, with the client operations of test/operations/: a shopper places an order with a
// shipping address (or without one, as existing clients do) and pays; staff list, ship and deliver it; two staff
// shipping at once ship it once; the shopper sees SHIPPED, DELIVERED and the tracking number; every move recorded.
import { readFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "@shop/shared/paths";
import { seedUsers } from "@shop/shared/seed-data";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { checkout, key } from "./support/checkout.ts";
import { backends } from "./support/databases.ts";
import { type Stack, startStack } from "./support/stack.ts";

vi.setConfig({ testTimeout: 120_000 });
const [ada, grace, staff] = seedUsers as [(typeof seedUsers)[0], (typeof seedUsers)[0], (typeof seedUsers)[0]];
const code = (result: { errors?: Array<{ extensions?: Record<string, any> }> }) => result.errors?.[0]?.extensions?.code;

/** An operation of test/operations/ with the fragment it spreads, as a client sends it. */
const operation = (name: string) =>
  ["FulfilmentOrder", name].map((file) => readFileSync(path.join(repoRoot, "test/operations", `${file}.graphql`), "utf8")).join("\n");
const [PLACE, TRACK, LIST, SHIP, DELIVER] = ["PlaceOrderWithAddress", "TrackOrder", "StaffOrders", "ShipOrder", "MarkOrderDelivered"].map(operation) as [
  string,
  string,
  string,
  string,
  string,
];

const address = { name: "Ada Lovelace", line1: "12 St James's Square", line2: "Flat 3", city: "London", postalCode: "SW1Y 4JH", country: "GB" };

describe.each(backends)("order fulfilment on %s", (backend) => {
  let stack: Stack;
  let shop: ReturnType<typeof checkout>;
  let adaToken: string;
  let graceToken: string;
  let staffToken: string;

  beforeAll(async () => {
    stack = await startStack(backend);
    shop = checkout(stack);
    [adaToken, graceToken, staffToken] = await Promise.all([stack.login(ada.email), stack.login(grace.email), stack.login(staff.email)]);
  });
  afterAll(() => stack?.stop());

  /** A new PAID order of Ada's for a fresh product, with `shippingAddress` (or none). */
  async function paidOrder(shippingAddress: typeof address | null): Promise<string> {
    const product = await shop.product(5, 2500);
    const input = { items: [{ productId: product.id, quantity: 1 }], idempotencyKey: key(), ...(shippingAddress ? { shippingAddress } : {}) };
    const placed = await stack.query(PLACE, { input }, adaToken);
    expect(placed.errors).toBeUndefined();
    const orderId = placed.data!.placeOrder.id as string;
    const paid = await shop.pay(adaToken, orderId);
    expect(paid.data?.payOrder.order.status).toBe("PAID");
    return orderId;
  }
  /** shipOrder as the holder of `token` (null: anonymous). */
  const ship = (orderId: string, token: string | null = staffToken, trackingNumber = "1Z999AA10123456784") =>
    stack.query(SHIP, { input: { orderId, carrier: "UPS", trackingNumber } }, token ?? undefined);
  const events = (orderId: string) => stack.subgraphs.orders.prisma.orderEvent.findMany({ where: { orderId }, orderBy: { createdAt: "asc" } });

  it("places an order with a checked shipping address, and one without (as existing clients do)", async () => {
    const product = await shop.product(5, 1500);
    const items = [{ productId: product.id, quantity: 1 }];
    const messy = { ...address, name: "  Ada Lovelace ", country: "gb", line2: "Flat 3 " };
    const placed = await stack.query(PLACE, { input: { items, idempotencyKey: key(), shippingAddress: messy } }, adaToken);
    expect(placed.errors).toBeUndefined();
    expect(placed.data?.placeOrder).toMatchObject({ status: "PENDING", shippingAddress: address, shipment: null, totalCents: 1500 });
    const stored = await stack.subgraphs.orders.prisma.order.findUniqueOrThrow({ where: { id: placed.data!.placeOrder.id } });
    expect(stored.shippingAddress).toEqual(address);

    const plain = await shop.place(adaToken, items);
    expect(plain.errors).toBeUndefined();
    expect((await stack.query(TRACK, { id: plain.data!.placeOrder.id }, adaToken)).data?.order.shippingAddress).toBeNull();
  });

  it("refuses a bad address with BAD_USER_INPUT and changes nothing; the same key with another address is another request", async () => {
    const product = await shop.product(5, 1500);
    const items = [{ productId: product.id, quantity: 1 }];
    const before = await shop.snapshot();
    for (const [bad, field] of [
      [{ country: "XX" }, "shippingAddress.country"],
      [{ name: " " }, "shippingAddress.name"],
      [{ city: "c".repeat(101) }, "shippingAddress.city"],
    ] as const) {
      const result = await stack.query(PLACE, { input: { items, idempotencyKey: key(), shippingAddress: { ...address, ...bad } } }, adaToken);
      expect(result.data).toBeNull();
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
    }
    expect(await shop.snapshot()).toEqual(before);

    const idempotencyKey = key();
    expect((await stack.query(PLACE, { input: { items, idempotencyKey, shippingAddress: address } }, adaToken)).errors).toBeUndefined();
    const elsewhere = await stack.query(PLACE, { input: { items, idempotencyKey, shippingAddress: { ...address, city: "Paris", country: "FR" } } }, adaToken);
    expect(code(elsewhere)).toBe("IDEMPOTENCY_KEY_REUSED");
  });

  it("staff list the PAID orders to ship, by customer and status, one page at a time", async () => {
    const [first, second] = [await paidOrder(address), await paidOrder(address)];
    const page = await stack.query(LIST, { userId: ada.id, status: "PAID", first: 1 }, staffToken);
    expect(page.errors).toBeUndefined();
    expect(page.data?.orders.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([second]);
    expect(page.data?.orders.edges[0].node).toMatchObject({ status: "PAID", shippingAddress: address, user: { id: ada.id } });
    expect(page.data?.orders.pageInfo.hasNextPage).toBe(true);
    const paidOfAda = await stack.subgraphs.orders.prisma.order.count({ where: { userId: ada.id, status: "PAID", placing: false } });
    expect(page.data?.orders.totalCount).toBe(paidOfAda);
    const next = await stack.query(LIST, { userId: ada.id, status: "PAID", first: 1, after: page.data?.orders.pageInfo.endCursor }, staffToken);
    expect(next.data?.orders.edges[0].node.id).toBe(first);

    const today = new Date().toISOString().slice(0, 10);
    const recent = await stack.query(LIST, { userId: ada.id, status: "PAID", placedAfter: today, first: 100 }, staffToken);
    expect(recent.data?.orders.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual(expect.arrayContaining([first, second]));
    const none = await stack.query(LIST, { userId: ada.id, placedBefore: "2000-01-01" }, staffToken);
    expect(none.data?.orders).toMatchObject({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });

  it("keeps the list from customers and anonymous callers, and serves the rest of their query", async () => {
    const query = `query { orders { totalCount } me { id } }`;
    const customer = await stack.query(query, {}, adaToken);
    expect(customer.data).toEqual({ orders: null, me: { id: ada.id } });
    expect(customer.errors?.[0]).toMatchObject({ path: ["orders"], extensions: { code: "FORBIDDEN" } });
    const anonymous = await stack.query(LIST, {});
    expect(anonymous.data?.orders ?? null).toBeNull();
    expect(code(anonymous)).toBe("UNAUTHENTICATED");
  });

  it("ships once when two staff ship at once, delivers, and the shopper follows it; every move recorded", async () => {
    const orderId = await paidOrder(address);
    const [one, two] = await Promise.all([ship(orderId, staffToken, "1Z999AA10123456784"), ship(orderId, staffToken, "1Z999AA10123456785")]);
    const winners = [one, two].filter((result) => result.data?.shipOrder);
    expect(winners).toHaveLength(1);
    const loser = one.data?.shipOrder ? two : one;
    expect(loser.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", reason: "NOT_PAID", status: "SHIPPED" });
    const shipped = winners[0]!.data!.shipOrder;
    expect(shipped).toMatchObject({ status: "SHIPPED", shippingAddress: address, shipment: { carrier: "UPS", deliveredAt: null } });

    // Ada sees SHIPPED with the winner's tracking number; Grace does not see Ada's order at all.
    const tracked = await stack.query(TRACK, { id: orderId }, adaToken);
    expect(tracked.data?.order).toEqual(shipped);
    expect(code(await stack.query(TRACK, { id: orderId }, graceToken))).toBe("NOT_FOUND");

    const delivered = await stack.query(DELIVER, { orderId }, staffToken);
    expect(delivered.errors).toBeUndefined();
    expect(delivered.data?.markOrderDelivered).toMatchObject({ status: "DELIVERED", shipment: { trackingNumber: shipped.shipment.trackingNumber } });
    expect((await stack.query(TRACK, { id: orderId }, adaToken)).data?.order.status).toBe("DELIVERED");
    // Never backwards, never twice.
    expect((await ship(orderId)).errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", reason: "NOT_PAID" });
    expect((await stack.query(DELIVER, { orderId }, staffToken)).errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", reason: "NOT_SHIPPED" });

    expect(await events(orderId)).toMatchObject([
      { fromStatus: "PENDING", toStatus: "PAID", actorId: ada.id, actorService: "payments" },
      { fromStatus: "PAID", toStatus: "SHIPPED", actorId: staff.id, actorService: "router", details: { carrier: "UPS", trackingNumber: shipped.shipment.trackingNumber } },
      { fromStatus: "SHIPPED", toStatus: "DELIVERED", actorId: staff.id, actorService: "router" },
    ]);
    // Staff read the same history through the graph; the buyer may not (null with FORBIDDEN, the rest served).
    const listed = await stack.query(LIST, { userId: ada.id, status: "DELIVERED", first: 100 }, staffToken);
    const node = listed.data?.orders.edges.find((edge: { node: { id: string } }) => edge.node.id === orderId)?.node;
    expect(node.events).toMatchObject([
      { fromStatus: "PENDING", toStatus: "PAID", actor: { id: ada.id }, actorService: "payments", carrier: null },
      { fromStatus: "PAID", toStatus: "SHIPPED", actor: { id: staff.id }, carrier: "UPS", trackingNumber: shipped.shipment.trackingNumber },
      { fromStatus: "SHIPPED", toStatus: "DELIVERED", actor: { id: staff.id }, trackingNumber: null },
    ]);
    const peek = await stack.query(`query ($id: ID!) { order(id: $id) { status events { toStatus } } }`, { id: orderId }, adaToken);
    expect(peek.data?.order).toEqual({ status: "DELIVERED", events: null });
    expect(peek.errors?.[0]).toMatchObject({ path: ["order", "events"], extensions: { code: "FORBIDDEN" } });
    // The shipped order still counts as paid for payments: paying it again is refused as already paid.
    expect(code(await shop.pay(adaToken, orderId))).toBe("CONFLICT");
  });

  it("refuses to ship an order without an address, a customer's or an anonymous shipping, and a delivery before shipping", async () => {
    const bare = await paidOrder(null);
    const noAddress = await ship(bare);
    expect(noAddress.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", reason: "NO_SHIPPING_ADDRESS" });
    expect(noAddress.errors?.[0]?.message).toMatch(/no shipping address/);

    const orderId = await paidOrder(address);
    expect(code(await ship(orderId, adaToken))).toBe("FORBIDDEN");
    expect(code(await ship(orderId, null))).toBe("UNAUTHENTICATED");
    expect(code(await stack.query(DELIVER, { orderId }, adaToken))).toBe("FORBIDDEN");
    expect((await stack.query(DELIVER, { orderId }, staffToken)).errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", reason: "NOT_SHIPPED" });
    for (const id of [bare, orderId]) {
      expect((await stack.query(TRACK, { id }, adaToken)).data?.order).toMatchObject({ status: "PAID", shipment: null });
      expect((await events(id)).map((event) => event.toStatus)).toEqual(["PAID"]);
    }
  });

  it("records the buyer's cancellation and the sweeper's expiry too, each with who made it", async () => {
    const product = await shop.product(5, 900);
    const items = [{ productId: product.id, quantity: 1 }];
    const cancelled = (await shop.place(adaToken, items)).data!.placeOrder.id as string;
    expect((await shop.cancel(adaToken, cancelled)).errors).toBeUndefined();
    expect(await events(cancelled)).toMatchObject([{ fromStatus: "PENDING", toStatus: "CANCELLED", actorId: ada.id, actorService: "router", details: null }]);

    const expired = (await shop.place(adaToken, items)).data!.placeOrder.id as string;
    await stack.subgraphs.orders.prisma.order.update({ where: { id: expired }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await stack.subgraphs.orders.sweep();
    await stack.subgraphs.orders.sweep();
    expect(await events(expired)).toMatchObject([
      { fromStatus: "PENDING", toStatus: "CANCELLED", actorId: null, actorService: "orders", details: { reason: "expired" } },
    ]);
  });
});
