// payOrder: the payment is recorded PENDING (with the client's idempotency key) before the processor is called,
// the processor is called with the payment's id as its idempotency key, and the outcome is recorded with an
// outbox message to the orders service in one statement. A crash between any two steps leaves a PENDING payment
// that a retry with the same key or the recovery worker finishes, without a second charge.
//
// Each step is one SQL statement (db/payments.ts), atomic on its own: no interactive transaction, so the rows it
// touches are locked for one statement only. A second statement runs only on rare paths, to explain a unique
// violation or a lost race.
import { badUserInput, graphError, notFound, unauthenticated } from "@shop/shared/errors";
import { isInjectedCrash } from "@shop/shared/faults";
import { isUniqueViolation } from "@shop/shared/db-errors";
import { requireUuid } from "@shop/shared/ids";
import type { Caller } from "@shop/shared/identity";
import { requestHash, requireIdempotencyKey } from "@shop/shared/request-hash";
import { serviceUnavailable } from "@shop/shared/service-client";
import type { Payment, PrismaClient } from "../__generated__/prisma/client.ts";
import type { CheckoutDependencies } from "../checkout-dependencies.ts";
import type { EarlierRequest } from "../db/payments.ts";
import { ProcessorUnavailableError } from "../processor/card-processor.ts";
import { deliverPaid } from "./outbox.ts";

export interface PayOrderInput {
  orderId: string;
  paymentMethod: string;
  idempotencyKey: string;
}

export interface PayOrderContext {
  prisma: PrismaClient;
  caller: Caller;
  requestId: string;
  checkout: CheckoutDependencies;
}

const PAYMENT_METHOD = /^pm_[A-Za-z0-9_]{1,100}$/;

function alreadyPaid() {
  return graphError("CONFLICT", "This order is already paid");
}

export async function payOrder(context: PayOrderContext, input: PayOrderInput): Promise<Payment> {
  const { prisma, caller, checkout, requestId } = context;
  const { writes } = checkout;
  if (!caller.userId) throw unauthenticated();
  const userId = caller.userId.toLowerCase();
  const orderId = requireUuid(input.orderId, "orderId");
  if (!PAYMENT_METHOD.test(input.paymentMethod)) throw badUserInput("paymentMethod must be a payment method token such as pm_card_visa", "paymentMethod");
  const key = requireIdempotencyKey(input.idempotencyKey);
  const hash = requestHash({ operation: "payOrder", orderId, paymentMethod: input.paymentMethod });

  const before = await writes.lookUp(prisma, userId, key, orderId);
  if (before.replay) return replay(context, before.replay, hash);
  // Ownership before state: someone else's order is NOT_FOUND whether it is paid or not, as order() answers it.
  if (before.paidBy && before.paidBy !== userId) throw notFound("Order");
  if (before.paidBy) throw alreadyPaid();

  // The amount, currency and owner come from the orders service (NOT_FOUND, for an unknown order or someone
  // else's, passes through).
  const order = await checkout.orders.beginOrderPayment(userId, orderId, requestId);
  if (order.status === "PAID" || order.status === "SHIPPED" || order.status === "DELIVERED") throw alreadyPaid();
  if (order.status !== "PENDING") throw graphError("CONFLICT", `This order is ${order.status} and cannot be paid`);
  if (order.totalCents <= 0) throw badUserInput("This order has nothing to pay", "orderId");

  let payment: Payment;
  try {
    payment = await writes.insertPending(prisma, {
      orderId,
      userId,
      amountCents: order.totalCents,
      currency: order.currency,
      paymentMethod: input.paymentMethod,
      key,
      requestHash: hash,
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // Either the same key raced us (replay it), or another payment of this order is open.
    const after = await writes.lookUp(prisma, userId, key, orderId);
    if (after.replay) return replay(context, after.replay, hash);
    if (after.paidBy && after.paidBy !== userId) throw notFound("Order");
    if (after.paidBy) throw alreadyPaid();
    throw graphError("CONFLICT", "Another payment of this order is in progress; wait for it, then check the order", { retryable: true });
  }
  return finishPayment(context, payment, "request");
}

/** The same key again: the same payment, finished if it is still PENDING; a different request under it is refused. */
async function replay(context: PayOrderContext, earlier: EarlierRequest, hash: string): Promise<Payment> {
  if (earlier.requestHash !== hash) {
    throw graphError("IDEMPOTENCY_KEY_REUSED", "This idempotency key was already used for a different payment; use a new key for a new payment");
  }
  return earlier.payment.status === "PENDING" ? finishPayment(context, earlier.payment, "request") : earlier.payment;
}

/**
 * Charges a PENDING payment (again, harmlessly: the processor's idempotency key is the payment id) and records
 * the outcome. Used by payOrder, by a retry with the same key, and by recovery.
 */
export async function finishPayment({ prisma, checkout }: Pick<PayOrderContext, "prisma" | "checkout">, payment: Payment, by: "request" | "recovery"): Promise<Payment> {
  const { writes } = checkout;
  let result: Awaited<ReturnType<typeof checkout.processor.charge>>;
  try {
    result = await checkout.processor.charge({
      amountCents: payment.amountCents,
      currency: payment.currency,
      paymentMethod: payment.paymentMethod ?? "",
      idempotencyKey: payment.id,
    });
  } catch (error) {
    if (isInjectedCrash(error)) throw error;
    if (error instanceof ProcessorUnavailableError) {
      // Nothing was charged: this attempt fails, and its key is freed so the shopper can retry it as it was.
      await writes.failUnavailable(prisma, payment.id);
      throw graphError("SERVICE_UNAVAILABLE", "The card processor is unavailable; nothing was charged. Please try again.", { retryable: true });
    }
    // The outcome is unknown: the payment stays PENDING until a retry or recovery learns it from the processor.
    checkout.logger.warn({ err: error, paymentId: payment.id, by }, "charge outcome unknown; left PENDING for recovery");
    throw serviceUnavailable("card processor", error);
  }

  if (result.status === "declined") {
    // Null when another request or recovery recorded the outcome first: theirs stands.
    return (await writes.recordDeclined(prisma, payment.id, result.reason)) ?? writes.readPayment(prisma, payment.id);
  }
  const recorded = await writes.recordSuccess(prisma, payment, result.chargeId, checkout.outboxLeaseMs);
  if (!recorded) return writes.readPayment(prisma, payment.id);
  // The order.paid handler refunds the charge when the order was cancelled or expired meanwhile: read that back.
  const refunded = await deliverPaid(prisma, checkout, [recorded.message]);
  return refunded ? writes.readPayment(prisma, payment.id) : recorded.payment;
}
