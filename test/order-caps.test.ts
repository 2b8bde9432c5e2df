// Denial of inventory, attacked through the router: one shopper tries to hold more than the caps allow (unpaid
// orders at once, units of one product, units in total), one at a time and in a concurrent burst. Each refusal is
// ORDER_LIMIT_REACHED naming the cap, and whatever a refused order reserved goes back on sale.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkout } from "./support/checkout.ts";
import { backends } from "./support/databases.ts";
import { type Stack, startStack } from "./support/stack.ts";

const CAPS = { ORDER_MAX_PENDING: "3", ORDER_MAX_UNITS_PER_PRODUCT: "10", ORDER_MAX_UNITS_HELD: "25" };

// On PostgreSQL too (TEST_POSTGRES_URL): there the burst's placements really run at the same moment.
describe.each(backends)("caps on what one shopper holds in unpaid orders, on %s", (backend) => {
  let stack: Stack;
  let shop: ReturnType<typeof checkout>;
  beforeAll(async () => {
    stack = await startStack(backend, {}, { services: { orders: CAPS } });
    shop = checkout(stack);
  });
  afterAll(() => stack?.stop());

  async function shopper(): Promise<string> {
    const email = `hoarder-${randomUUID()}@example.com`;
    const result = await stack.query(`mutation ($input: SignUpInput!) { signUp(input: $input) { token } }`, {
      input: { email, name: "Hoarder", password: "a-long-enough-password" },
    });
    return result.data!.signUp.token as string;
  }

  const refusal = (result: { errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }) => ({
    code: result.errors?.[0]?.extensions?.code,
    cap: result.errors?.[0]?.extensions?.cap,
    message: result.errors?.[0]?.message,
  });

  it("refuses a fourth unpaid order, and takes one again once an order is cancelled", async () => {
    const token = await shopper();
    const product = await shop.product(100);
    const placed = [];
    for (let i = 0; i < 3; i++) placed.push(await shop.place(token, [{ productId: product.id, quantity: 1 }]));
    expect(placed.every((result) => result.errors === undefined)).toBe(true);
    const fourth = await shop.place(token, [{ productId: product.id, quantity: 1 }]);
    expect(refusal(fourth)).toMatchObject({ code: "ORDER_LIMIT_REACHED", cap: "PENDING_ORDERS" });
    expect(refusal(fourth).message).toMatch(/at most 3/);
    expect(await shop.stock(product.id)).toBe(97);

    await shop.cancel(token, placed[0]!.data!.placeOrder.id);
    expect((await shop.place(token, [{ productId: product.id, quantity: 1 }])).errors).toBeUndefined();
  });

  it("refuses more than 10 units of one product across unpaid orders, and more than 25 units in total", async () => {
    const token = await shopper();
    const [a, b, c] = [await shop.product(100), await shop.product(100), await shop.product(100)];
    expect((await shop.place(token, [{ productId: a.id, quantity: 8 }])).errors).toBeUndefined();
    const perProduct = await shop.place(token, [{ productId: a.id, quantity: 3 }]);
    expect(refusal(perProduct)).toMatchObject({ code: "ORDER_LIMIT_REACHED", cap: "UNITS_PER_PRODUCT" });
    expect(refusal(perProduct).message).toMatch(/At most 10 units of one product/);
    expect(await shop.stock(a.id)).toBe(92);

    expect((await shop.place(token, [{ productId: b.id, quantity: 10 }])).errors).toBeUndefined();
    const total = await shop.place(token, [{ productId: c.id, quantity: 8 }]);
    expect(refusal(total)).toMatchObject({ code: "ORDER_LIMIT_REACHED", cap: "UNITS_HELD" });
    expect(refusal(total).message).toMatch(/At most 25 units in total/);
    expect(await shop.stock(c.id)).toBe(100);
  });

  it("lets a concurrent burst hold no more than the caps, and puts the refused orders' stock back", async () => {
    const token = await shopper();
    const product = await shop.product(100);
    const burst = await Promise.all(Array.from({ length: 8 }, () => shop.place(token, [{ productId: product.id, quantity: 4 }])));
    const placed = burst.filter((result) => result.errors === undefined);
    // 10 units per product: two orders of 4 fit, a third would make 12.
    expect(placed.length).toBe(2);
    for (const refused of burst.filter((result) => result.errors !== undefined)) {
      expect(refused.errors?.[0]?.extensions?.code).toBe("ORDER_LIMIT_REACHED");
    }
    const pending = await stack.subgraphs.orders.prisma.order.findMany({ where: { status: "PENDING", placing: false, items: { some: { productId: product.id } } } });
    expect(pending.length).toBe(2);
    // Refused orders reserved stock before the locked check refused them: their release goes through the outbox.
    await expect.poll(() => shop.stock(product.id), { timeout: 15_000 }).toBe(92);
  });
});
