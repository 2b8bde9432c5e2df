// The card processor seen by the payments service: an interface a real processor (Stripe-like) can implement.
// Its contract: a charge with an idempotency key already used returns the first charge's outcome and never charges
// again (a refund likewise); a ProcessorUnavailableError means nothing was charged (or refunded); any other error means the outcome is unknown.

export interface ChargeRequest {
  amountCents: number;
  currency: string;
  /** A payment method token, e.g. pm_card_visa. */
  paymentMethod: string;
  /** The payment's id: a retried charge (after a timeout or a crash) cannot charge twice. */
  idempotencyKey: string;
}

export type ChargeResult = { status: "succeeded"; chargeId: string } | { status: "declined"; reason: string };

export interface RefundRequest {
  chargeId: string;
  /** How much of the charge to give back, in minor units (a refund may be partial). */
  amountCents: number;
  /** The refund's id: a retried refund (after a timeout or a crash) cannot refund twice. */
  idempotencyKey: string;
}

export interface RefundResult {
  /** The processor's id of the refund. */
  refundId: string;
}

export interface CardProcessor {
  charge(request: ChargeRequest): Promise<ChargeResult>;
  /**
   * Refunds part or all of a charge, once per idempotency key; a key already used returns the first refund.
   * ProcessorUnavailableError: nothing was refunded. Any other error: the outcome is unknown.
   */
  refund(request: RefundRequest): Promise<RefundResult>;
}

/** The processor failed and says it charged nothing: the attempt can be retried as a new one. */
export class ProcessorUnavailableError extends Error {
  override name = "ProcessorUnavailableError";
}
