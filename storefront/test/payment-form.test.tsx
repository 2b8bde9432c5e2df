// @vitest-environment happy-dom
// The payment step in the DOM: a declined card says so and lets the shopper pay again with another card,
// with a new idempotency key for the new attempt; a lost connection retries with the same key.
import { MockedProvider } from "@apollo/client/testing/react";
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { PaymentForm } from "../src/components/PaymentForm.tsx";
import { PayOrderDocument, type OrderDetailsFragment } from "../src/gql/graphql.ts";

const order: OrderDetailsFragment = {
  id: "order-1",
  status: "PENDING",
  totalCents: 3850,
  currency: "USD",
  createdAt: "2026-11-25T10:00:00.000Z",
  items: [],
  shippingAddress: null,
  shipment: null,
  payment: null,
};

interface PayInput {
  orderId: string;
  paymentMethod: string;
  idempotencyKey: string;
}

/** Answers payOrder like the payments service: visa succeeds, declined fails, and records every request. */
function payOrderMocks(calls: PayInput[], { failFirstVisaWithProcessorError = false } = {}) {
  let processorFailed = false;
  return [
    {
      request: { query: PayOrderDocument, variables: () => true },
      maxUsageCount: Number.POSITIVE_INFINITY,
      result: ({ input }: { input: PayInput }) => {
        calls.push(input);
        const status = input.paymentMethod === "pm_card_visa" ? "SUCCEEDED" : "FAILED";
        return {
          data: {
            payOrder: {
              __typename: "Payment",
              id: `payment-${calls.length}`,
              status,
              amountCents: 3850,
              currency: "USD",
              order: {
                __typename: "Order",
                id: order.id,
                status: status === "SUCCEEDED" ? "PAID" : "PENDING",
                payment: { __typename: "Payment", id: `payment-${calls.length}`, status, amountCents: 3850, currency: "USD" },
              },
            },
          },
        };
      },
    },
  ].map((mock) =>
    failFirstVisaWithProcessorError
      ? {
          ...mock,
          result: (variables: { input: PayInput }) => {
            if (variables.input.paymentMethod === "pm_card_visa" && !processorFailed) {
              processorFailed = true;
              calls.push(variables.input);
              return { errors: [{ message: "upstream connect error", extensions: { code: "SERVICE_UNAVAILABLE" } }] };
            }
            return mock.result(variables);
          },
        }
      : mock,
  );
}

afterEach(cleanup);

describe("PaymentForm", () => {
  it("announces a decline, then pays with another card under a new idempotency key", async () => {
    const calls: PayInput[] = [];
    let paid = 0;
    render(
      <MockedProvider mocks={payOrderMocks(calls)}>
        <PaymentForm order={order} onPaid={() => paid++} />
      </MockedProvider>,
    );
    const user = userEvent.setup();

    await user.click(screen.getByLabelText(/Card ending in 0002/));
    await user.click(screen.getByRole("button", { name: "Pay $38.50" }));
    expect((await screen.findByRole("alert")).textContent).toBe(
      "Your card was declined and nothing was charged. Please choose another card and try again.",
    );
    expect(paid).toBe(0);

    await user.click(screen.getByLabelText(/Visa ending in 4242/));
    await user.click(screen.getByRole("button", { name: "Try again: pay $38.50" }));
    expect((await screen.findByText("Payment received. Thank you — your order is paid.")).getAttribute("role")).toBe("status");
    expect(screen.queryByRole("alert")).toBeNull();
    expect(paid).toBe(1);

    expect(calls.map((call) => call.paymentMethod)).toEqual(["pm_card_declined", "pm_card_visa"]);
    expect(calls.every((call) => call.orderId === "order-1")).toBe(true);
    expect(calls[0]!.idempotencyKey).not.toBe(calls[1]!.idempotencyKey);
  });

  it("after a processor fault offers to try again, and the new attempt succeeds", async () => {
    const calls: PayInput[] = [];
    render(
      <MockedProvider mocks={payOrderMocks(calls, { failFirstVisaWithProcessorError: true })}>
        <PaymentForm order={order} />
      </MockedProvider>,
    );
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Pay $38.50" }));
    expect((await screen.findByRole("alert")).textContent).toBe(
      "The payment processor is temporarily unavailable and nothing was charged. Please try again.",
    );
    await user.click(screen.getByRole("button", { name: "Try again: pay $38.50" }));
    await screen.findByText("Payment received. Thank you — your order is paid.");
    expect(calls).toHaveLength(2);
    expect(calls[0]!.idempotencyKey).not.toBe(calls[1]!.idempotencyKey);
  });

  it("retries an attempt whose outcome is unknown (connection lost) with the same idempotency key", async () => {
    const keys: string[] = [];
    const record = (variables: { input: PayInput }) => {
      keys.push(variables.input.idempotencyKey);
      return true;
    };
    const [success] = payOrderMocks([]);
    render(
      <MockedProvider
        mocks={[
          { request: { query: PayOrderDocument, variables: record }, error: new TypeError("Failed to fetch") },
          { ...success!, request: { query: PayOrderDocument, variables: record } },
        ]}
      >
        <PaymentForm order={order} />
      </MockedProvider>,
    );
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Pay $38.50" }));
    expect((await screen.findByRole("alert")).textContent).toBe(
      "We could not confirm your payment because the connection failed. Try again: you will not be charged twice.",
    );
    await user.click(screen.getByRole("button", { name: "Try again: pay $38.50" }));
    await screen.findByText("Payment received. Thank you — your order is paid.");
    const distinct = [...new Set(keys)];
    expect(distinct).toHaveLength(1);
  });
});
