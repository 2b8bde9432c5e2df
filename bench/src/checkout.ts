// The checkout write mix: per iteration placeOrder, then payOrder (three iterations in four) or cancelOrder
// (one in four), each with a fresh idempotency key, the order id carried from one request to the next, and
// every answer checked. Used by the load worker (autocannon's request chain) and for the reference answers.
import { randomUUID } from "node:crypto";
import { checkoutProduct } from "./checkout-product.ts";
import { expect } from "./scenarios.ts";

export const QUANTITY = 1;
const TOTAL = checkoutProduct.priceCents * QUANTITY;

export const PLACE =
  "mutation BenchPlaceOrder($input: PlaceOrderInput!) { placeOrder(input: $input) { id status totalCents currency items { quantity unitPriceCents product { id name } } } }";
export const PAY =
  "mutation BenchPayOrder($input: PayOrderInput!) { payOrder(input: $input) { id status amountCents currency order { id status } } }";
export const CANCEL = "mutation BenchCancelOrder($orderId: ID!) { cancelOrder(orderId: $orderId) { id status } }";

export type Step = "place" | "pay" | "cancel";
/** One autocannon pass over the chain: four iterations, three paid and one cancelled. */
export const SEQUENCE: Step[] = ["place", "pay", "place", "pay", "place", "pay", "place", "cancel"];

export function stepBody(step: Step, orderId: string | undefined): string {
  switch (step) {
    case "place":
      return JSON.stringify({ query: PLACE, variables: { input: { items: [{ productId: checkoutProduct.id, quantity: QUANTITY }], idempotencyKey: randomUUID() } } });
    case "pay":
      return JSON.stringify({ query: PAY, variables: { input: { orderId, paymentMethod: "pm_card_visa", idempotencyKey: randomUUID() } } });
    case "cancel":
      return JSON.stringify({ query: CANCEL, variables: { orderId } });
  }
}

/** Checks one answer of the chain; returns the order id a place answer carries (for the next step). */
export function checkStep(step: Step, status: number, text: string, orderId: string | undefined): string | undefined {
  expect(status === 200, `${step}: HTTP ${status}`);
  // biome-ignore lint/suspicious/noExplicitAny: a response body of the step's own operation, checked field by field.
  const body = JSON.parse(text) as { data?: any; errors?: unknown[] };
  expect(!body.errors?.length, `${step}: errors ${JSON.stringify(body.errors ?? null).slice(0, 300)}`);
  if (step === "place") {
    const order = body.data?.placeOrder;
    expect(order?.status === "PENDING" && order.totalCents === TOTAL, `place: expected a PENDING order of ${TOTAL}`);
    expect(order.items?.[0]?.product?.name === checkoutProduct.name, "place: expected the product's name");
    return order.id as string;
  }
  if (step === "pay") {
    const payment = body.data?.payOrder;
    expect(payment?.status === "SUCCEEDED" && payment.amountCents === TOTAL, "pay: expected a SUCCEEDED payment of the total");
    // The payments service tells orders through its outbox: delivered at once as a rule, but when that first
    // attempt fails or the recovery worker holds the message, the order turns PAID a few seconds later.
    expect(payment.order?.id === orderId && ["PAID", "PENDING"].includes(payment.order.status), "pay: expected the order PAID (or PENDING until the outbox delivers)");
    return orderId;
  }
  const order = body.data?.cancelOrder;
  expect(order?.id === orderId && order.status === "CANCELLED", "cancel: expected the order CANCELLED");
  return orderId;
}

/** An answer with every UUID blanked, to compare contenders' answers (each creates its own orders). */
export function withoutIds(text: string): string {
  return JSON.stringify(JSON.parse(text).data).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<id>");
}
