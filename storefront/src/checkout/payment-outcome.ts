// What a payOrder call meant for the shopper: paid, declined (try another card), a temporary fault (try
// again), or an unknown outcome (the request may not have arrived: retry with the same key).
import { errorCode } from "../lib/errors.ts";
import type { PaymentStatus } from "../gql/graphql.ts";

export type PaymentOutcome =
  | { kind: "paid" }
  | { kind: "processing" }
  | { kind: "declined" }
  | { kind: "temporary" }
  | { kind: "unknown" }
  | { kind: "refused"; code: string | undefined };

/** From a payment the server returned. */
export function outcomeOfPayment(status: PaymentStatus): PaymentOutcome {
  // As a string: a status the API adds later (say REFUNDED, for an order that expired mid-payment) is no payment.
  switch (status as string) {
    case "SUCCEEDED":
      return { kind: "paid" };
    case "FAILED":
      return { kind: "declined" };
    case "PENDING":
      return { kind: "processing" };
    default:
      return { kind: "refused", code: status };
  }
}

/** From a failed payOrder call. */
export function outcomeOfError(error: unknown): PaymentOutcome {
  const code = errorCode(error);
  switch (code) {
    case "PAYMENT_DECLINED":
    case "CARD_DECLINED":
      return { kind: "declined" };
    case "SERVICE_UNAVAILABLE":
    case "PROCESSOR_ERROR":
    case "PAYMENT_PROCESSOR_ERROR":
    case "RATE_LIMITED":
      return { kind: "temporary" };
    case "NETWORK_ERROR":
    case undefined:
      return { kind: "unknown" };
    default:
      return { kind: "refused", code };
  }
}

/**
 * Whether the next attempt needs a fresh idempotency key. The server decided this attempt (paid, declined,
 * refused, processor fault with no money moved), so a new attempt is a new request; when the outcome is
 * unknown the same key must be reused, so that an attempt that did reach the server is not charged twice.
 */
export function needsNewKey(outcome: PaymentOutcome): boolean {
  return outcome.kind !== "unknown" && outcome.kind !== "processing";
}

export const outcomeMessages: Record<PaymentOutcome["kind"], string> = {
  paid: "Payment received. Thank you — your order is paid.",
  processing: "Your payment is being processed. This page will show the result when it is known.",
  declined: "Your card was declined and nothing was charged. Please choose another card and try again.",
  temporary: "The payment processor is temporarily unavailable and nothing was charged. Please try again.",
  unknown: "We could not confirm your payment because the connection failed. Try again: you will not be charged twice.",
  refused: "This payment could not be made. The order may have been cancelled or have expired.",
};
