// payOrder: the payment is recorded PENDING (with the client's idempotency key) before the processor is called,
// the processor is called with the payment's id as its idempotency key, and the outcome is recorded with an
// outbox message to the orders service in one statement. A crash between any two steps leaves a PENDING payment
// that a retry with the same key or the recovery worker finishes, without a second charge.
//
// Each step is one SQL statement (data-modifying CTEs, RETURNING instead of reading back), atomic on its own: no
// interactive transaction, so the rows it touches are locked for one statement only. A second statement runs
// only on rare paths, to explain a unique violation or a lost race.
import { randomUUID } from "node:crypto";
import { badUserInput, graphError, unauthenticated } from "@shop/shared/errors";
import { isInjectedCrash } from "@shop/shared/faults";
import { isUniqueViolation } from "@shop/shared/db-errors";
import { requireUuid } from "@shop/shared/ids";
import type { Caller } from "@shop/shared/identity";
import { claimedAtBirth, type OutboxMessage } from "@shop/shared/outbox";
import { requestHash, requireIdempotencyKey } from "@shop/shared/request-hash";
import { serviceUnavailable } from "@shop/shared/service-client";
import { UTC_NOW } from "@shop/shared/utc-now";
import { type Payment, Prisma, type PrismaClient } from "../__generated__/prisma/client.ts";
import type { Checkout } from "../checkout.ts";
import { ProcessorUnavailableError } from "../processor/card-processor.ts";
import { deliverNow, ORDER_PAID, type OrderPaidMessage } from "./outbox.ts";

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

const NOW = Prisma.raw(UTC_NOW);

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

  const before = await lookUp(prisma, userId, key, orderId);
  if (before.replay) return replay(context, before.replay, hash);
  if (before.orderPaid) throw alreadyPaid();

  // The amount, currency and owner come from the orders service (NOT_FOUND, FORBIDDEN pass through).
  const order = await checkout.orders.beginOrderPayment(userId, orderId, requestId);
  if (order.status === "PAID") throw alreadyPaid();
  if (order.status !== "PENDING") throw graphError("CONFLICT", `This order is ${order.status} and cannot be paid`);
  if (order.totalCents <= 0) throw badUserInput("This order has nothing to pay", "orderId");

  let payment: Payment;
  try {
    payment = await insertPending(prisma, {
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
    const after = await lookUp(prisma, userId, key, orderId);
    if (after.replay) return replay(context, after.replay, hash);
    if (after.orderPaid) throw alreadyPaid();
    throw graphError("CONFLICT", "Another payment of this order is in progress; wait for it, then check the order", { retryable: true });
  }
  checkout.faults.reach("payments:after-pending");
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
      await failUnavailable(prisma, payment.id);
      throw graphError("SERVICE_UNAVAILABLE", "The card processor is unavailable; nothing was charged. Please try again.", { retryable: true });
    }
    // The outcome is unknown: the payment stays PENDING until a retry or recovery learns it from the processor.
    checkout.logger.warn({ err: error, paymentId: payment.id, by }, "charge outcome unknown; left PENDING for recovery");
    throw serviceUnavailable("card processor", error);
  }
  checkout.faults.reach("payments:after-charge");

  if (result.status === "declined") {
    // Null when another request or recovery recorded the outcome first: theirs stands.
    return (await recordDeclined(prisma, payment.id, result.reason)) ?? readPayment(prisma, payment.id);
  }
  const recorded = await recordSuccess(prisma, payment, result.chargeId, checkout.outboxLeaseMs);
  checkout.faults.reach("payments:after-record");
  if (!recorded) return readPayment(prisma, payment.id);
  // The order.paid handler refunds the charge when the order was cancelled or expired meanwhile: read that back.
  const refunded = await deliverNow(prisma, checkout, [recorded.message]);
  return refunded ? readPayment(prisma, payment.id) : recorded.payment;
}

/** A Payment as Prisma returns it, from a raw row that may carry more columns (both adapters map the types alike). */
function toPayment(row: Payment): Payment {
  return {
    id: row.id,
    orderId: row.orderId,
    userId: row.userId,
    amountCents: row.amountCents,
    currency: row.currency,
    status: row.status,
    paymentMethod: row.paymentMethod,
    chargeId: row.chargeId,
    failureReason: row.failureReason,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The payment as it is now (rare paths only: after a lost race or a refund). */
function readPayment(prisma: PrismaClient, id: string): Promise<Payment> {
  return prisma.payment.findUniqueOrThrow({ where: { id } });
}

/** An earlier payOrder under the same key: what it asked (hashed) and its payment. */
interface EarlierRequest {
  requestHash: string;
  payment: Payment;
}

/**
 * payOrder's two questions before it asks the orders service, in one statement: the client's earlier request
 * under this key with its payment (primary key of PaymentRequest), and whether the order already has a succeeded
 * payment (the partial unique index on SUCCEEDED payments). The LEFT JOIN keeps the one row when there is no replay.
 */
export async function lookUp(prisma: PrismaClient, userId: string, key: string, orderId: string): Promise<{ replay: EarlierRequest | null; orderPaid: boolean }> {
  const [row] = await prisma.$queryRaw<Array<Payment & { orderPaid: boolean; requestHash: string | null }>>`
    SELECT EXISTS (SELECT 1 FROM "Payment" WHERE "orderId" = ${orderId}::uuid AND "status" = 'SUCCEEDED'::"PaymentStatus") AS "orderPaid",
           replay.*
    FROM (SELECT 1) AS one
    LEFT JOIN (
      SELECT r."requestHash", p.* FROM "PaymentRequest" r JOIN "Payment" p ON p."id" = r."paymentId"
      WHERE r."userId" = ${userId}::uuid AND r."key" = ${key}
    ) AS replay ON true`;
  if (!row) throw new Error("payOrder's lookup returned no row");
  // "requestHash" is NOT NULL in its table: null here means no earlier request.
  const replay = row.requestHash === null ? null : { requestHash: row.requestHash, payment: toPayment(row) };
  return { replay, orderPaid: row.orderPaid };
}

interface PendingPayment {
  orderId: string;
  userId: string;
  amountCents: number;
  currency: string;
  paymentMethod: string;
  key: string;
  requestHash: string;
}

/**
 * The PENDING payment and the client's key for it, in one statement. A concurrent request with the same key
 * (PaymentRequest's primary key) or another open payment of the order (Payment_one_open_per_order) is a unique
 * violation that rolls both inserts back.
 */
async function insertPending(prisma: PrismaClient, pending: PendingPayment): Promise<Payment> {
  const [payment] = await prisma.$queryRaw<Payment[]>`
    WITH payment AS (
      INSERT INTO "Payment" ("id", "orderId", "userId", "amountCents", "currency", "status", "paymentMethod", "createdAt", "updatedAt")
      VALUES (${randomUUID()}::uuid, ${pending.orderId}::uuid, ${pending.userId}::uuid, ${pending.amountCents}, ${pending.currency},
              'PENDING'::"PaymentStatus", ${pending.paymentMethod}, ${NOW}, ${NOW})
      RETURNING *
    ), request AS (
      INSERT INTO "PaymentRequest" ("userId", "key", "requestHash", "paymentId", "createdAt")
      SELECT "userId", ${pending.key}, ${pending.requestHash}, "id", "createdAt" FROM payment
    )
    SELECT * FROM payment`;
  return toPayment(payment!);
}

/**
 * PENDING -> SUCCEEDED with the charge's id, and the order.paid message, in one statement. The message is born
 * claimed (claimedAtBirth) because this request delivers it right away; recovery delivers it if this process
 * dies first. Null when the payment was no longer PENDING (another request or recovery recorded it): no message.
 */
async function recordSuccess(prisma: PrismaClient, payment: Payment, chargeId: string, leaseMs: number | undefined) {
  const payload: OrderPaidMessage = { orderId: payment.orderId, userId: payment.userId, paymentId: payment.id };
  const [row] = await prisma.$queryRaw<Array<Payment & { message: OutboxMessage }>>`
    WITH paid AS (
      UPDATE "Payment" SET "status" = 'SUCCEEDED'::"PaymentStatus", "chargeId" = ${chargeId}, "updatedAt" = ${NOW}
      WHERE "id" = ${payment.id}::uuid AND "status" = 'PENDING'::"PaymentStatus"
      RETURNING *
    ), message AS (
      INSERT INTO "OutboxMessage" ("id", "topic", "payload", "attempts", "availableAt", "createdAt")
      SELECT ${randomUUID()}::uuid, ${ORDER_PAID}, ${JSON.stringify(payload)}::jsonb, ${Prisma.raw(claimedAtBirth(leaseMs))}, ${NOW} FROM paid
      RETURNING "id", "topic", "payload", "attempts"
    )
    SELECT paid.*, to_jsonb(message) AS "message" FROM paid, message`;
  return row ? { payment: toPayment(row), message: row.message } : null;
}

/** PENDING -> FAILED with the processor's reason; null when the payment was no longer PENDING. */
async function recordDeclined(prisma: PrismaClient, id: string, reason: string): Promise<Payment | null> {
  const [row] = await prisma.$queryRaw<Payment[]>`
    UPDATE "Payment" SET "status" = 'FAILED'::"PaymentStatus", "failureReason" = ${reason}, "updatedAt" = ${NOW}
    WHERE "id" = ${id}::uuid AND "status" = 'PENDING'::"PaymentStatus"
    RETURNING *`;
  return row ? toPayment(row) : null;
}

const UNAVAILABLE_REASON = "The card processor was unavailable; nothing was charged.";

/**
 * The processor charged nothing: PENDING -> FAILED, and the payment's key is freed (its index on paymentId), in
 * one statement, so that the shopper's retry with the same key starts a new attempt.
 */
export async function failUnavailable(prisma: PrismaClient, id: string): Promise<void> {
  await prisma.$executeRaw`
    WITH failed AS (
      UPDATE "Payment" SET "status" = 'FAILED'::"PaymentStatus", "failureReason" = ${UNAVAILABLE_REASON}, "updatedAt" = ${NOW}
      WHERE "id" = ${id}::uuid AND "status" = 'PENDING'::"PaymentStatus"
    )
    DELETE FROM "PaymentRequest" WHERE "paymentId" = ${id}::uuid`;
}
