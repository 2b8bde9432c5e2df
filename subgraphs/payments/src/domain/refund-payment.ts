// refundPayment: staff with payments:refund give back part or all of a succeeded payment. The crash-safety rules
// of payOrder apply: the refund is admitted and recorded PENDING (with the staff user's idempotency key) before the
// processor is called, the processor is called with the refund's id as its idempotency key, and the outcome is
// recorded in one statement, which also queues order.refunded when the payment is now refunded in full. A crash
// between any two steps leaves a PENDING refund that a retry with the same key or recovery finishes, never twice.
import { badUserInput, graphError, notFound } from "@shop/shared/errors";
import { isInjectedCrash } from "@shop/shared/faults";
import { isUniqueViolation } from "@shop/shared/db-errors";
import type { Caller } from "@shop/shared/identity";
import { requireUuid } from "@shop/shared/ids";
import { requestHash, requireIdempotencyKey } from "@shop/shared/request-hash";
import { SCOPES } from "@shop/shared/scopes";
import { requireScope } from "@shop/shared/service-caller";
import { serviceUnavailable } from "@shop/shared/service-client";
import type { PrismaClient, Refund } from "../__generated__/prisma/client.ts";
import type { CheckoutDependencies } from "../checkout-dependencies.ts";
import type { AdmittedRefund, NewRefund } from "../db/refunds.ts";
import { ProcessorUnavailableError } from "../processor/card-processor.ts";
import { deliverRefunded } from "./outbox.ts";

export interface RefundPaymentInput {
  paymentId: string;
  amountCents: number;
  reason: string;
  idempotencyKey: string;
}

export interface RefundContext {
  prisma: PrismaClient;
  caller: Caller;
  checkout: CheckoutDependencies;
}

export const MAX_REASON_LENGTH = 500;
/** GraphQL's Int is 32-bit; a payment is never larger. */
const MAX_AMOUNT_CENTS = 2_147_483_647;
const CONTROL_CHARACTERS = /[\p{Cc}\p{Cf}]/u;

function requireReason(reason: string): string {
  const trimmed = reason.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_REASON_LENGTH || CONTROL_CHARACTERS.test(trimmed)) {
    throw badUserInput(`reason must be 1 to ${MAX_REASON_LENGTH} characters of plain text`, "reason");
  }
  return trimmed;
}

export async function refundPayment(context: RefundContext, input: RefundPaymentInput): Promise<Refund> {
  const { prisma, caller, checkout } = context;
  const { writes } = checkout;
  // Defence in depth: the router enforces @requiresScopes first, and a credential without the scope stops here.
  const staffId = requireScope(caller, SCOPES.paymentsRefund);
  const paymentId = requireUuid(input.paymentId, "paymentId");
  if (!Number.isInteger(input.amountCents) || input.amountCents <= 0 || input.amountCents > MAX_AMOUNT_CENTS) {
    throw badUserInput("amountCents must be a positive whole number of minor units (cents)", "amountCents");
  }
  const reason = requireReason(input.reason);
  const key = requireIdempotencyKey(input.idempotencyKey);
  const hash = requestHash({ operation: "refundPayment", paymentId, amountCents: input.amountCents, reason });

  const earlier = await writes.refundByKey(prisma, staffId, key);
  if (earlier) return replay(context, earlier, hash);

  const pending: NewRefund = { paymentId, amountCents: input.amountCents, reason, requestedBy: staffId, key, requestHash: hash };
  let admitted: AdmittedRefund;
  try {
    admitted = await writes.insertPendingRefund(prisma, pending);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // The same key at the same moment (a retry racing the first request): answer as the first one does.
    const winner = await writes.refundByKey(prisma, staffId, key);
    if (!winner) throw error;
    return replay(context, winner, hash);
  }
  if (!admitted.refund) throw refusal(admitted.payment, input.amountCents);
  return finishRefund(context, admitted.refund, admitted.payment!.chargeId!);
}

/** Why nothing was admitted, from the payment as the statement locked it. */
function refusal(payment: AdmittedRefund["payment"], amountCents: number): Error {
  if (!payment) return notFound("Payment");
  if (payment.status !== "SUCCEEDED" || !payment.chargeId) {
    return graphError("CONFLICT", `Only a succeeded payment can be refunded; this one is ${payment.status}`);
  }
  const refundableCents = payment.amountCents - payment.refundHeldCents;
  return graphError("CONFLICT", `Only ${refundableCents} of this payment's ${payment.amountCents} cents can still be refunded; ${amountCents} were asked`, {
    refundableCents,
  });
}

/** The same key again: the same refund, finished if it is still PENDING; a different request under it is refused. */
async function replay(context: RefundContext, earlier: Refund, hash: string): Promise<Refund> {
  if (earlier.requestHash !== hash) {
    throw graphError("IDEMPOTENCY_KEY_REUSED", "This idempotency key was already used for a different refund; use a new key for a new refund");
  }
  if (earlier.status !== "PENDING") return earlier;
  return finishRefund(context, earlier, await context.checkout.writes.chargeOf(context.prisma, earlier.paymentId));
}

/**
 * Asks the processor for a PENDING refund (again, harmlessly: its idempotency key is the refund's id) and records
 * the outcome; tells orders when the payment is now refunded in full. Used by refundPayment, by a retry with the
 * same key, by recovery, and by the shop's own refund of a charge whose order was cancelled first.
 */
export async function finishRefund({ prisma, checkout }: Pick<RefundContext, "prisma" | "checkout">, refund: Refund, chargeId: string): Promise<Refund> {
  const { writes } = checkout;
  let processorRefundId: string;
  try {
    ({ refundId: processorRefundId } = await checkout.processor.refund({ chargeId, amountCents: refund.amountCents, idempotencyKey: refund.id }));
  } catch (error) {
    if (isInjectedCrash(error)) throw error;
    if (error instanceof ProcessorUnavailableError) {
      // Nothing was refunded: this refund fails and its amount is free again (a new key refunds it).
      await writes.recordRefundFailed(prisma, refund.id, "The card processor was unavailable; nothing was refunded.");
      throw graphError("SERVICE_UNAVAILABLE", "The card processor is unavailable; nothing was refunded. Please try again with a new key.", { retryable: true });
    }
    // The outcome is unknown: the refund stays PENDING until a retry or recovery learns it from the processor.
    checkout.logger.warn({ err: error, refundId: refund.id }, "refund outcome unknown; left PENDING for recovery");
    throw serviceUnavailable("card processor", error);
  }
  const recorded = await writes.recordRefundSuccess(prisma, refund.id, processorRefundId, checkout.outboxLeaseMs);
  // Null when another request or recovery recorded it first: theirs stands.
  if (!recorded) return writes.readRefund(prisma, refund.id);
  if (recorded.message) await deliverRefunded(prisma, checkout, [recorded.message]);
  return recorded.refund;
}
