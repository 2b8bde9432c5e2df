// payOrder: the payment is recorded PENDING (with the client's idempotency key) before the processor is called,
// the processor is called with the payment's id as its idempotency key, and the outcome is recorded with an
// outbox message to the orders service in one transaction. A crash between any two steps leaves a PENDING payment
// that a retry with the same key or the recovery worker finishes, without a second charge.
import { badUserInput, graphError, unauthenticated } from "@shop/shared/errors";
import { isInjectedCrash } from "@shop/shared/faults";
import { isUniqueViolation } from "@shop/shared/db-errors";
import { requireUuid } from "@shop/shared/ids";
import type { Caller } from "@shop/shared/identity";
import { requestHash, requireIdempotencyKey } from "@shop/shared/request-hash";
import { serviceUnavailable } from "@shop/shared/service-client";
import type { Payment, PrismaClient } from "../__generated__/prisma/client.ts";
import type { Checkout } from "../checkout.ts";
import { ProcessorUnavailableError } from "../processor/card-processor.ts";
import { deliverNow, enqueue } from "./outbox.ts";

export interface PayOrderInput {
  orderId: string;
  paymentMethod: string;
  idempotencyKey: string;
}

export interface PayOrderContext {
  prisma: PrismaClient;
  caller: Caller;
  requestId: string;
  checkout: Checkout;
}

const PAYMENT_METHOD = /^pm_[A-Za-z0-9_]{1,100}$/;

function alreadyPaid() {
  return graphError("CONFLICT", "This order is already paid");
}

export async function payOrder(context: PayOrderContext, input: PayOrderInput): Promise<Payment> {
  const { prisma, caller, checkout, requestId } = context;
  if (!caller.userId) throw unauthenticated();
  const userId = caller.userId.toLowerCase();
  const orderId = requireUuid(input.orderId, "orderId");
  if (!PAYMENT_METHOD.test(input.paymentMethod)) throw badUserInput("paymentMethod must be a payment method token such as pm_card_visa", "paymentMethod");
  const key = requireIdempotencyKey(input.idempotencyKey);
  const hash = requestHash({ operation: "payOrder", orderId, paymentMethod: input.paymentMethod });

  for (let attempt = 0; attempt < 3; attempt++) {
    const replay = await prisma.paymentRequest.findUnique({ where: { userId_key: { userId, key } }, include: { payment: true } });
    if (replay) {
      if (replay.requestHash !== hash) {
        throw graphError("IDEMPOTENCY_KEY_REUSED", "This idempotency key was already used for a different payment; use a new key for a new payment");
      }
      return replay.payment.status === "PENDING" ? finishPayment(context, replay.payment, "request") : replay.payment;
    }
    if (await prisma.payment.findFirst({ where: { orderId, status: "SUCCEEDED" }, select: { id: true } })) throw alreadyPaid();

    // The amount, currency and owner come from the orders service (NOT_FOUND, FORBIDDEN pass through).
    const order = await checkout.orders.beginOrderPayment(userId, orderId, requestId);
    if (order.status === "PAID") throw alreadyPaid();
    if (order.status !== "PENDING") throw graphError("CONFLICT", `This order is ${order.status} and cannot be paid`);
    if (order.totalCents <= 0) throw badUserInput("This order has nothing to pay", "orderId");

    let payment: Payment;
    try {
      payment = await prisma.$transaction(async (tx) => {
        const created = await tx.payment.create({
          data: { orderId, userId, amountCents: order.totalCents, currency: order.currency, status: "PENDING", paymentMethod: input.paymentMethod },
        });
        await tx.paymentRequest.create({ data: { userId, key, requestHash: hash, paymentId: created.id } });
        return created;
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Either the same key raced us (the loop replays it), or another payment of this order is open.
      if (await prisma.paymentRequest.findUnique({ where: { userId_key: { userId, key } }, select: { paymentId: true } })) continue;
      const open = await prisma.payment.findFirst({ where: { orderId, status: { in: ["PENDING", "SUCCEEDED"] } } });
      if (open?.status === "SUCCEEDED") throw alreadyPaid();
      throw graphError("CONFLICT", "Another payment of this order is in progress; wait for it, then check the order", { retryable: true });
    }
    checkout.faults.reach("payments:after-pending");
    return finishPayment(context, payment, "request");
  }
  throw serviceUnavailable("payments");
}

/**
 * Charges a PENDING payment (again, harmlessly: the processor's idempotency key is the payment id) and records
 * the outcome. Used by payOrder, by a retry with the same key, and by recovery.
 */
export async function finishPayment({ prisma, checkout }: Pick<PayOrderContext, "prisma" | "checkout">, payment: Payment, by: "request" | "recovery"): Promise<Payment> {
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
      await prisma.$transaction([
        prisma.payment.updateMany({
          where: { id: payment.id, status: "PENDING" },
          data: { status: "FAILED", failureReason: "The card processor was unavailable; nothing was charged." },
        }),
        prisma.paymentRequest.deleteMany({ where: { paymentId: payment.id } }),
      ]);
      throw graphError("SERVICE_UNAVAILABLE", "The card processor is unavailable; nothing was charged. Please try again.", { retryable: true });
    }
    // The outcome is unknown: the payment stays PENDING until a retry or recovery learns it from the processor.
    checkout.logger.warn({ err: error, paymentId: payment.id, by }, "charge outcome unknown; left PENDING for recovery");
    throw serviceUnavailable("card processor", error);
  }
  checkout.faults.reach("payments:after-charge");

  if (result.status === "declined") {
    await prisma.payment.updateMany({ where: { id: payment.id, status: "PENDING" }, data: { status: "FAILED", failureReason: result.reason } });
    return prisma.payment.findUniqueOrThrow({ where: { id: payment.id } });
  }
  const messageId = await prisma.$transaction(async (tx) => {
    const { count } = await tx.payment.updateMany({ where: { id: payment.id, status: "PENDING" }, data: { status: "SUCCEEDED", chargeId: result.chargeId } });
    return count === 1 ? enqueue(tx, { orderId: payment.orderId, userId: payment.userId, paymentId: payment.id }) : null;
  });
  checkout.faults.reach("payments:after-record");
  if (messageId) await deliverNow(prisma, checkout, [messageId]);
  return prisma.payment.findUniqueOrThrow({ where: { id: payment.id } });
}
