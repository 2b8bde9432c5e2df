// Zero trust between services (issue 16, attack 3), end to end on the real stack: a service-to-service credential
// captured on the wire is good for its one operation only, a key of one service cannot act as another (nor as the
// router), each subgraph answers each caller only the fields its allow-list gives it, markOrderPaid needs a payment
// that was begun, and the stock calls touch only the reservation of the buyer the orders service acts for.
import { CREDENTIAL_HEADER, credentialKey, deriveServiceKey, ROUTER_ISSUER, signCredential } from "@shop/shared/identity";
import { seedProducts, seedUsers } from "@shop/shared/seed-data";
import { callSubgraph, callSubgraphAs, postGraphQL } from "@shop/shared/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkout } from "./support/checkout.ts";
import { backends } from "./support/databases.ts";
import { type Stack, startStack } from "./support/stack.ts";
import { startWiretap, type Wiretap } from "./support/wiretap.ts";

const [ada, grace] = seedUsers as [(typeof seedUsers)[0], (typeof seedUsers)[0]];
const mug = seedProducts.find((product) => product.sku === "MUG-001")!;
const code = (result: { errors?: Array<{ extensions?: Record<string, any> }> }) => result.errors?.[0]?.extensions?.code;
const MARK_PAID = "mutation ($orderId: ID!) { markOrderPaid(orderId: $orderId) { id status } }";
const RELEASE = "mutation ($orderId: ID!) { releaseReservation(orderId: $orderId) { orderId status } }";

/** Sends `query` with a credential taken from elsewhere (a replay). */
const replay = (url: string, credential: string, query: string, variables: Record<string, unknown>) =>
  postGraphQL(url, query, variables, { [CREDENTIAL_HEADER]: credential });

// Restarting services behind wiretaps needs the in-process stack on persistent databases.
describe.skipIf(Boolean(process.env.STACK_ROUTER_URL)).each(backends)("zero trust between services on %s", (backend) => {
  let stack: Stack;
  let shop: ReturnType<typeof checkout>;
  let adaToken: string;
  let graceToken: string;
  let paymentsToOrders: Wiretap;
  let ordersToProducts: Wiretap;
  const orderStatus = async (id: string) => (await stack.subgraphs.orders.prisma.order.findUniqueOrThrow({ where: { id } })).status;

  beforeAll(async () => {
    stack = await startStack(backend, {}, { persistent: true });
    shop = checkout(stack);
    // The attacker listens on the wire between payments and orders, and between orders and products.
    paymentsToOrders = await startWiretap(stack.subgraphs.orders.url);
    ordersToProducts = await startWiretap(stack.subgraphs.products.url);
    await stack.restart("orders", { PRODUCTS_URL: ordersToProducts.url });
    await stack.restart("payments", { ORDERS_URL: paymentsToOrders.url });
    [adaToken, graceToken] = await Promise.all([stack.login(ada.email), stack.login(grace.email)]);
  });
  afterAll(async () => {
    await stack?.stop();
    await paymentsToOrders?.close();
    await ordersToProducts?.close();
  });

  it("a payments→orders header captured during a declined payment cannot mark orders paid", async () => {
    const [declined, other] = await Promise.all([shop.place(adaToken, [{ productId: mug.id, quantity: 1 }]), shop.place(adaToken, [{ productId: mug.id, quantity: 1 }])]);
    const [declinedId, otherId] = [declined.data!.placeOrder.id as string, other.data!.placeOrder.id as string];
    const payment = await shop.pay(adaToken, declinedId, "pm_card_declined");
    expect(payment.data?.payOrder.status).toBe("FAILED");
    const captured = paymentsToOrders.captured.find((tapped) => tapped.body.variables?.orderId === declinedId);
    expect(captured?.body.query).toContain("beginOrderPayment");
    const credential = captured!.headers[CREDENTIAL_HEADER] as string;

    // Replayed within its minute as markOrderPaid, on the other order and on the declined one: bound to another operation.
    for (const orderId of [otherId, declinedId]) {
      const result = await replay(stack.subgraphs.orders.url, credential, MARK_PAID, { orderId });
      expect(result.status).toBe(401);
      expect(code(result)).toBe("UNAUTHENTICATED");
    }
    expect([await orderStatus(otherId), await orderStatus(declinedId)]).toEqual(["PENDING", "PENDING"]);
  });

  it("even with the payments key, markOrderPaid is refused for an order no payment was begun for", async () => {
    const placed = await shop.place(adaToken, [{ productId: mug.id, quantity: 1 }]);
    const orderId = placed.data!.placeOrder.id as string;
    const result = await callSubgraphAs(stack.subgraphs.orders.url, stack.keysOf("orders"), "payments", MARK_PAID, { orderId }, ada.id);
    expect(code(result)).toBe("CONFLICT");
    expect(await orderStatus(orderId)).toBe("PENDING");
    expect((await shop.reservation(orderId))?.status).toBe("HELD");
  });

  it("a key of one service cannot act as another, nor as the router", async () => {
    const placed = await shop.place(adaToken, [{ productId: mug.id, quantity: 1 }]);
    const orderId = placed.data!.placeOrder.id as string;
    const ordersKey = deriveServiceKey(stack.secrets.subgraph, "orders");
    const operation = { query: MARK_PAID, variables: { orderId } };
    // The orders key signing as payments, and as itself, for markOrderPaid: orders trusts neither.
    for (const issuer of ["payments", "orders"]) {
      const forged = await signCredential(credentialKey(ordersKey, issuer, "orders"), { issuer, userId: ada.id }, operation);
      expect((await replay(stack.subgraphs.orders.url, forged, MARK_PAID, { orderId })).status).toBe(401);
    }
    // The orders key signing as the router, toward products and users.
    const catalogue = "{ products(first: 1) { totalCount } }";
    for (const subgraph of ["products", "users"] as const) {
      const asRouter = await signCredential(credentialKey(ordersKey, ROUTER_ISSUER, subgraph), { issuer: ROUTER_ISSUER, userId: ada.id }, { query: catalogue, variables: {} });
      expect((await replay(stack.subgraphs[subgraph].url, asRouter, catalogue, {})).status).toBe(401);
    }
    // What products holds to check orders' calls (its key for orders toward products) does not work toward orders.
    const productsCopy = stack.keysOf("products").trusted.orders!;
    const reused = await signCredential(productsCopy, { issuer: "payments", userId: ada.id }, operation);
    expect((await replay(stack.subgraphs.orders.url, reused, MARK_PAID, { orderId })).status).toBe(401);
    expect(await orderStatus(orderId)).toBe("PENDING");
  });

  it("the router's credential and another service's are refused the internal fields they are not listed for", async () => {
    const placed = await shop.place(adaToken, [{ productId: mug.id, quantity: 1 }]);
    const orderId = placed.data!.placeOrder.id as string;
    expect(code(await callSubgraph(stack.subgraphs.orders.url, stack.keysOf("orders"), MARK_PAID, { orderId }, ada.id))).toBe("FORBIDDEN");
    expect(code(await callSubgraph(stack.subgraphs.products.url, stack.keysOf("products"), RELEASE, { orderId }, ada.id))).toBe("FORBIDDEN");
    // The cache poller may read the change feed only; orders may not read it.
    const feed = "{ _entityChanges { cursor } }";
    expect(code(await callSubgraphAs(stack.subgraphs.products.url, stack.keysOf("products"), "orders", feed))).toBe("FORBIDDEN");
    expect(code(await callSubgraphAs(stack.subgraphs.products.url, stack.keysOf("products"), "router-cache", RELEASE, { orderId }, ada.id))).toBe("FORBIDDEN");
    // Payments is no caller of products at all.
    expect((await callSubgraphAs(stack.subgraphs.products.url, stack.keysOf("products"), "payments", RELEASE, { orderId }, ada.id)).status).toBe(401);
    expect(await orderStatus(orderId)).toBe("PENDING");
    expect((await shop.reservation(orderId))?.status).toBe("HELD");
  });

  it("an orders credential cannot release another buyer's reservation, so a later payment cannot oversell", async () => {
    const scarce = await shop.product(1);
    const graces = await shop.place(graceToken, [{ productId: scarce.id, quantity: 1 }]);
    const graceOrder = graces.data!.placeOrder.id as string;
    expect(await shop.stock(scarce.id)).toBe(0);
    // Ada's own order, whose orders→products reservation call the attacker captures.
    const adas = await shop.place(adaToken, [{ productId: mug.id, quantity: 1 }]);
    const adaOrder = adas.data!.placeOrder.id as string;
    const captured = ordersToProducts.captured.find((tapped) => tapped.body.variables?.orderId === adaOrder);
    expect(captured?.body.query).toContain("reserveStock");

    // Replayed as a release of Grace's reservation: bound to another operation.
    const replayed = await replay(stack.subgraphs.products.url, captured!.headers[CREDENTIAL_HEADER] as string, RELEASE, { orderId: graceOrder });
    expect(replayed.status).toBe(401);
    // With the orders key itself, acting for Ada: not Ada's reservation, left as it was.
    const withKey = await callSubgraphAs(stack.subgraphs.products.url, stack.keysOf("products"), "orders", RELEASE, { orderId: graceOrder }, ada.id);
    expect(code(withKey)).toBe("NOT_FOUND");
    expect((await shop.reservation(graceOrder))?.status).toBe("HELD");
    expect(await shop.stock(scarce.id)).toBe(0);

    // Nobody else gets the unit Grace holds, and her payment then takes it: no oversell.
    expect(code(await shop.place(adaToken, [{ productId: scarce.id, quantity: 1 }]))).toBe("INSUFFICIENT_STOCK");
    const paid = await shop.pay(graceToken, graceOrder);
    expect(paid.data?.payOrder.status).toBe("SUCCEEDED");
    expect(await orderStatus(graceOrder)).toBe("PAID");
    expect(await shop.stock(scarce.id)).toBe(0);
  });
});
