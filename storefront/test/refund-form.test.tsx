// @vitest-environment happy-dom
// Staff's refund form in the DOM: an attempt whose outcome is unknown (connection lost, service unavailable) is
// retried with the same idempotency key, so it can never refund twice; a refused attempt frees the key, and a
// different amount or reason is another refund with its own key. An unreadable amount sends nothing.
import { MockedProvider } from "@apollo/client/testing/react";
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { type OrderDetailsFragment, RefundPaymentDocument } from "../src/gql/graphql.ts";
import { RefundForm } from "../src/staff/RefundForm.tsx";

const payment: NonNullable<OrderDetailsFragment["payment"]> = {
  id: "payment-1",
  status: "SUCCEEDED",
  amountCents: 3200,
  currency: "USD",
  refundedCents: 0,
  refunds: [],
};

interface RefundInput {
  paymentId: string;
  amountCents: number;
  reason: string;
  idempotencyKey: string;
}

type Answer = "network" | "unavailable" | "conflict" | "ok";

/** Answers refundPayment in the order given, recording every request. */
function refundMocks(calls: RefundInput[], answers: Answer[]) {
  const record = (variables: { input: RefundInput }) => {
    calls.push(variables.input);
    return true;
  };
  return answers.map((answer) => {
    const request = { query: RefundPaymentDocument, variables: record };
    if (answer === "network") return { request, error: new TypeError("Failed to fetch") };
    if (answer === "unavailable") return { request, result: { errors: [{ message: "unavailable", extensions: { code: "SERVICE_UNAVAILABLE" } }] } };
    if (answer === "conflict") return { request, result: { errors: [{ message: "Only 10.00 is left to refund", extensions: { code: "CONFLICT" } }] } };
    return {
      request,
      result: ({ input }: { input: RefundInput }) => ({
        data: {
          refundPayment: { __typename: "Refund", id: `refund-${calls.length}`, amountCents: input.amountCents, reason: input.reason, status: "SUCCEEDED", createdAt: "2026-12-07T01:00:00.000Z" },
        },
      }),
    };
  });
}

afterEach(cleanup);

describe("RefundForm", () => {
  it("retries an attempt whose outcome is unknown with the same key, then refunds once", async () => {
    const calls: RefundInput[] = [];
    render(
      <MockedProvider mocks={refundMocks(calls, ["network", "unavailable", "ok"])}>
        <RefundForm payment={payment} />
      </MockedProvider>,
    );
    const user = userEvent.setup();
    expect((screen.getByLabelText("Amount (USD)") as HTMLInputElement).value).toBe("32.00");
    await user.type(screen.getByLabelText("Reason"), "Arrived damaged");
    await user.click(screen.getByRole("button", { name: "Refund" }));
    expect((await screen.findByRole("alert")).textContent).toBe("We could not reach the shop. Check your connection and try again.");
    await user.click(screen.getByRole("button", { name: "Refund" }));
    await screen.findByText(/temporarily unavailable/);
    await user.click(screen.getByRole("button", { name: "Refund" }));
    expect((await screen.findByText("Refunded $32.00.")).getAttribute("role")).toBe("status");
    expect(calls.map((call) => [call.paymentId, call.amountCents, call.reason])).toEqual(Array(3).fill(["payment-1", 3200, "Arrived damaged"]));
    expect(new Set(calls.map((call) => call.idempotencyKey)).size).toBe(1);
  });

  it("gives a refused attempt's retry a new key, and another amount another key", async () => {
    const calls: RefundInput[] = [];
    render(
      <MockedProvider mocks={refundMocks(calls, ["conflict", "network", "ok"])}>
        <RefundForm payment={payment} />
      </MockedProvider>,
    );
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Reason"), "Late");
    await user.click(screen.getByRole("button", { name: "Refund" }));
    expect((await screen.findByRole("alert")).textContent).toBe("Only 10.00 is left to refund");
    await user.click(screen.getByRole("button", { name: "Refund" }));
    await screen.findByText(/could not reach the shop/);
    await user.clear(screen.getByLabelText("Amount (USD)"));
    await user.type(screen.getByLabelText("Amount (USD)"), "10");
    await user.click(screen.getByRole("button", { name: "Refund" }));
    await screen.findByText("Refunded $10.00.");
    expect(calls.map((call) => call.amountCents)).toEqual([3200, 3200, 1000]);
    const [refused, unknown, changed] = calls.map((call) => call.idempotencyKey);
    expect(refused).not.toBe(unknown);
    expect(changed).not.toBe(unknown);
  });

  it("sends nothing for an amount it cannot read", async () => {
    const calls: RefundInput[] = [];
    render(
      <MockedProvider mocks={refundMocks(calls, ["ok"])}>
        <RefundForm payment={payment} />
      </MockedProvider>,
    );
    const user = userEvent.setup();
    await user.clear(screen.getByLabelText("Amount (USD)"));
    await user.type(screen.getByLabelText("Amount (USD)"), "ten dollars");
    await user.type(screen.getByLabelText("Reason"), "Late");
    await user.click(screen.getByRole("button", { name: "Refund" }));
    expect((await screen.findByRole("alert")).textContent).toBe("Enter the amount in USD, such as 5.00.");
    expect(calls).toEqual([]);
  });
});
