// Checkout helpers for the integration tests: place, pay and cancel through the router, and read each service's
// database directly to check the invariants (stock, reservations, charges) before and after.
import { randomUUID } from "node:crypto";
import type { GraphQLResponse } from "@shop/shared/testing";
import { Agent, fetch } from "undici";
import type { Stack } from "./stack.ts";

/**
 * No keep-alive: these tests pause for seconds while a service restarts, and a pooled connection that the router
 * closes as idle at that moment would fail the next request with ECONNRESET (a race of the test client, not the shop).
 */
const freshConnections = new Agent({ pipelining: 0 });

export const ORDER_FIELDS = `id status totalCents currency expiresAt items { quantity unitPriceCents product { id } }`;
export const PAYMENT_FIELDS = `id status amountCents currency failureReason order { id status }`;

export const key = () => `test-${randomUUID()}`;

/** Checkout through the router at `url` only (no database access: the kill tests use it while other processes hold them). */
export function checkoutClient(url: string) {
  const query = async (text: string, variables: Record<string, unknown> = {}, token?: string): Promise<GraphQLResponse> => {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query: text, variables }),
      dispatcher: freshConnections,
    });
    return { status: response.status, headers: response.headers as unknown as Headers, ...((await response.json()) as object) };
  };
  return {
    query,
    place: (token: string | undefined, items: Array<{ productId: string; quantity: number }>, idempotencyKey = key()) =>
      query(`mutation ($input: PlaceOrderInput!) { placeOrder(input: $input) { ${ORDER_FIELDS} } }`, { input: { items, idempotencyKey } }, token),
    pay: (token: string | undefined, orderId: string, paymentMethod = "pm_card_visa", idempotencyKey = key()) =>
      query(`mutation ($input: PayOrderInput!) { payOrder(input: $input) { ${PAYMENT_FIELDS} } }`, { input: { orderId, paymentMethod, idempotencyKey } }, token),
    cancel: (token: string | undefined, orderId: string) =>
      query(`mutation ($id: ID!) { cancelOrder(orderId: $id) { ${ORDER_FIELDS} } }`, { id: orderId }, token),
    order: (token: string | undefined, id: string) => query(`query ($id: ID!) { order(id: $id) { ${ORDER_FIELDS} payment { id status } } }`, { id }, token),
  };
}

export function checkout(stack: Stack) {
  return {
    ...checkoutClient(stack.url),
    stock: async (productId: string) => (await stack.subgraphs.products.prisma.product.findUniqueOrThrow({ where: { id: productId } })).stock,
    reservation: (orderId: string) => stack.subgraphs.products.prisma.reservation.findUnique({ where: { orderId } }),
    /** Charges the simulated processor made for an order's payments (refunded ones included). */
    charges: async (orderId: string) => {
      const payments = await stack.subgraphs.payments.prisma.payment.findMany({ where: { orderId }, select: { id: true } });
      return stack.subgraphs.payments.prisma.simulatedCharge.findMany({ where: { idempotencyKey: { in: payments.map((p) => p.id) } } });
    },
    /** A new product with a known stock, so tests do not depend on each other. */
    product: async (stock: number, priceCents = 1000) =>
      stack.subgraphs.products.prisma.product.create({
        data: { sku: `TEST-${randomUUID()}`, name: `Test product ${randomUUID().slice(0, 8)}`, description: "For a test", priceCents, stock },
      }),
    /** Everything checkout can change, to compare before and after a refused request. */
    snapshot: async () => ({
      orders: await stack.subgraphs.orders.prisma.order.count(),
      items: await stack.subgraphs.orders.prisma.orderItem.count(),
      keys: await stack.subgraphs.orders.prisma.idempotencyKey.count(),
      stock: (await stack.subgraphs.products.prisma.product.findMany({ select: { id: true, stock: true }, orderBy: { id: "asc" } })),
      reservations: await stack.subgraphs.products.prisma.reservation.count(),
      payments: await stack.subgraphs.payments.prisma.payment.count(),
      charges: await stack.subgraphs.payments.prisma.simulatedCharge.count(),
    }),
  };
}
