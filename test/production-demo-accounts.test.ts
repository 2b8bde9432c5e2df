// Demo accounts in production: the whole supergraph started with NODE_ENV=production on fresh embedded databases
// (where seeding is automatic) has the catalogue but none of the demo accounts, whose passwords are in the README,
// and none of their orders.
import { seedProducts, seedUsers } from "@shop/shared/seed-data";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Stack, startStack } from "./support/stack.ts";

// Starts its own production stack: not against an external one.
describe.skipIf(Boolean(process.env.STACK_ROUTER_URL))("production on fresh embedded databases", () => {
  let stack: Stack;
  beforeAll(async () => {
    // Trusted documents off (the explicit opt-out), so that this test's own login operation reaches the users service.
    stack = await startStack("pglite", { NODE_ENV: "production", TRUSTED_DOCUMENTS_ONLY: "false" }, { persistent: true });
  });
  afterAll(() => stack?.stop());

  it.each(seedUsers.map((user) => [user.email, user.password]))("refuses the demo login %s", async (email, password) => {
    const result = await stack.query("mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token } }", { e: email, p: password });
    expect(result.data).toBeNull();
    expect(result.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("seeds no account and no order, only the catalogue", async () => {
    expect(await stack.subgraphs.users.prisma.user.count()).toBe(0);
    expect(await stack.subgraphs.orders.prisma.order.count()).toBe(0);
    expect(await stack.subgraphs.payments.prisma.payment.count()).toBe(0);
    expect(await stack.subgraphs.products.prisma.product.count()).toBe(seedProducts.length);
  });
});
