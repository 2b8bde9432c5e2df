// The client operations in test/operations/, which `pnpm schema:check` validates, sent through the real router.
import { repoRoot } from "@shop/shared/paths";
import { seedOrders, seedProducts, seedUsers } from "@shop/shared/seed-data";
import { Kind, parse, print, visit } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectDocuments } from "../tools/schema/operations.ts";
import { type Stack, startStack } from "./support/stack.ts";

const [ada] = seedUsers as [(typeof seedUsers)[0]];
const adaOrders = seedOrders.filter((order) => order.userId === ada.id);

describe("client operations through the router", () => {
  let stack: Stack;
  const operations = new Map<string, string>();

  beforeAll(async () => {
    const sources = await collectDocuments(repoRoot, ["test/operations/*.graphql"]);
    const fragments = new Map<string, string>();
    const spreads = new Map<string, Set<string>>();
    for (const source of sources) {
      for (const definition of parse(source).definitions) {
        if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, print(definition));
        if (definition.kind !== Kind.OPERATION_DEFINITION || !definition.name) continue;
        const used = new Set<string>();
        visit(definition, { FragmentSpread: (node) => void used.add(node.name.value) });
        operations.set(definition.name.value, print(definition));
        spreads.set(definition.name.value, used);
      }
    }
    // Each operation goes out with the fragments it spreads, as a client's document would.
    for (const [name, used] of spreads) {
      operations.set(name, [operations.get(name), ...[...used].map((fragment) => fragments.get(fragment))].join("\n"));
    }
    stack = await startStack("pglite");
  });
  afterAll(() => stack?.stop());

  const send = (name: string, variables: Record<string, unknown> = {}, token?: string) => {
    const document = operations.get(name);
    if (!document) throw new Error(`no operation ${name} in test/operations`);
    return stack.query(document, variables, token);
  };

  it("signs up, logs in and reads the shopper's orders across all four subgraphs", async () => {
    const signUp = await send("SignUp", { input: { email: "lin@example.com", name: "Lin", password: "a long password" } });
    expect(signUp.errors).toBeUndefined();
    expect(signUp.data?.signUp.user).toMatchObject({ email: "lin@example.com", name: "Lin" });

    const login = await send("Login", { email: ada.email, password: ada.password });
    expect(login.errors).toBeUndefined();
    expect(login.data?.login.user).toEqual({ id: ada.id, name: ada.name, email: ada.email });

    const mine = await send("MyOrders", {}, login.data?.login.token);
    expect(mine.errors).toBeUndefined();
    const orders = mine.data?.me.orderHistory.edges.map((edge: { node: unknown }) => edge.node) ?? [];
    expect(orders).toHaveLength(adaOrders.length);
    for (const order of orders) {
      const seeded = adaOrders.find((candidate) => candidate.id === order.id)!;
      expect(order.totalCents).toBe(seeded.totalCents);
      expect(order.payment).toEqual({ status: "SUCCEEDED", amountCents: seeded.totalCents, currency: seeded.currency });
      for (const item of order.items) {
        expect(item.lineTotalCents).toBe(item.quantity * item.unitPriceCents);
        expect(item.product.name).toBe(seedProducts.find((product) => product.id === item.product.id)?.name);
      }
    }

    const one = await send("Order", { id: adaOrders[0]!.id }, login.data?.login.token);
    expect(one.errors).toBeUndefined();
    expect(one.data?.order).toMatchObject({ id: adaOrders[0]!.id, totalCents: adaOrders[0]!.totalCents });
  });

  it("staff refund part of a demo payment; the shopper sees the refund on her order", async () => {
    const staff = seedUsers.find((user) => user.email === "staff@example.com")!;
    const order = adaOrders[adaOrders.length - 1]!;
    const staffLogin = await send("Login", { email: staff.email, password: staff.password });
    const refund = await send(
      "RefundPayment",
      { input: { paymentId: order.payment.id, amountCents: 100, reason: "Goodwill", idempotencyKey: "operations-test-refund" } },
      staffLogin.data?.login.token,
    );
    expect(refund.errors).toBeUndefined();
    expect(refund.data?.refundPayment).toMatchObject({ amountCents: 100, reason: "Goodwill", status: "SUCCEEDED" });

    const adaLogin = await send("Login", { email: ada.email, password: ada.password });
    const seen = await send("OrderRefunds", { id: order.id }, adaLogin.data?.login.token);
    expect(seen.errors).toBeUndefined();
    expect(seen.data?.order).toEqual({
      id: order.id,
      status: "PAID",
      payment: { id: order.payment.id, status: "SUCCEEDED", amountCents: order.totalCents, refundedCents: 100, refunds: [refund.data?.refundPayment] },
    });
  });

  it("pages the catalogue and opens a product", async () => {
    const page = await send("ProductsPage", { first: 3 });
    expect(page.errors).toBeUndefined();
    expect(page.data?.products.totalCount).toBe(seedProducts.length);
    expect(page.data?.products.edges).toHaveLength(3);
    const first = page.data?.products.edges[0].node;
    const seeded = seedProducts.find((product) => product.id === first.id)!;
    expect(first).toEqual({
      id: seeded.id,
      name: seeded.name,
      priceCents: seeded.priceCents,
      currency: seeded.currency,
      inStock: seeded.stock > 0,
    });

    const product = await send("Product", { id: seeded.id });
    expect(product.errors).toBeUndefined();
    expect(product.data?.product).toMatchObject({ id: seeded.id, description: seeded.description, stock: seeded.stock });
  });

  it("lets staff create, reprice, restock, archive a product and read its history; a customer is FORBIDDEN", async () => {
    const staff = seedUsers.find((user) => user.email === "staff@example.com")!;
    const token = (await send("Login", { email: staff.email, password: staff.password })).data?.login.token as string;
    const input = { sku: "OPS-001", name: "Operations Orrery", description: "A brass orrery.", priceCents: 9900, currency: "USD", stock: 4, imageUrl: "/images/products/globe-026.svg" };
    const created = await send("CreateProduct", { input }, token);
    expect(created.errors).toBeUndefined();
    const id = created.data?.createProduct.id as string;
    const { sku: _, ...shown } = input;
    expect(created.data?.createProduct).toEqual({ id, ...shown, archived: false });
    expect((await send("UpdateProduct", { id, input: { priceCents: 8900 } }, token)).data?.updateProduct).toMatchObject({ id, priceCents: 8900 });
    expect((await send("AdjustStock", { id, delta: 6, reason: "Delivery" }, token)).data?.adjustStock).toEqual({ id, stock: 10, inStock: true });
    expect((await send("ArchiveProduct", { id }, token)).data?.archiveProduct).toEqual({ id, archived: true });
    const history = await send("ProductHistory", { id }, token);
    expect(history.errors).toBeUndefined();
    expect(history.data?.product.history.map((entry: { action: string; actorId: string }) => [entry.action, entry.actorId])).toEqual([
      ["CREATE", staff.id],
      ["UPDATE", staff.id],
      ["ADJUST_STOCK", staff.id],
      ["ARCHIVE", staff.id],
    ]);

    const customer = (await send("Login", { email: ada.email, password: ada.password })).data?.login.token as string;
    const refused = await send("UpdateProduct", { id, input: { priceCents: 1 } }, customer);
    expect(refused.data ?? null).toBeNull();
    expect(refused.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });
});
