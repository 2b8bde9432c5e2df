// Payment rows: payOrder's statements (each ONE statement: data-modifying CTEs, RETURNING instead of reading back),
// recovery's scan, the refund, and raw rows mapped back to the generated model type.
import { randomUUID } from "node:crypto";
import { claimedAtBirth, type OutboxMessage } from "@shop/shared/outbox";
import { UTC_NOW } from "@shop/shared/utc-now";
import { type Payment, Prisma, type PrismaClient } from "../__generated__/prisma/client.ts";

const NOW = Prisma.raw(UTC_NOW);

/** The order.paid message: tells the orders service a charge succeeded. */
export const ORDER_PAID = "order.paid";

export interface OrderPaidMessage {
  orderId: string;
  userId: string;
  paymentId: string;
}

/** A Payment as Prisma returns it, from a raw row that may carry more columns (both adapters map the types alike). */
export function toPayment(row: Payment): Payment {
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
    refundedCents: row.refundedCents,
    refundHeldCents: row.refundHeldCents,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The payment as it is now (rare paths only: after a lost race or a refund). */
export function readPayment(prisma: PrismaClient, id: string): Promise<Payment> {
  return prisma.payment.findUniqueOrThrow({ where: { id } });
}

/** An earlier payOrder under the same key: what it asked (hashed) and its payment. */
export interface EarlierRequest {
  requestHash: string;
  payment: Payment;
}

/**
 * payOrder's two questions before it asks the orders service, in one statement: the client's earlier request
 * under this key with its payment (primary key of PaymentRequest), and who paid the order when it already has a
 * succeeded payment (the partial unique index on SUCCEEDED payments; a payment's userId is its order's buyer).
 * The LEFT JOIN keeps the one row when there is no replay.
 */
export async function lookUp(prisma: PrismaClient, userId: string, key: string, orderId: string): Promise<{ replay: EarlierRequest | null; paidBy: string | null }> {
  const [row] = await prisma.$queryRaw<Array<Payment & { paidBy: string | null; requestHash: string | null }>>`
    SELECT (SELECT "userId" FROM "Payment" WHERE "orderId" = ${orderId}::uuid AND "status" = 'SUCCEEDED'::"PaymentStatus") AS "paidBy",
           replay.*
    FROM (SELECT 1) AS one
    LEFT JOIN (
      SELECT r."requestHash", p.* FROM "PaymentRequest" r JOIN "Payment" p ON p."id" = r."paymentId"
      WHERE r."userId" = ${userId}::uuid AND r."key" = ${key}
    ) AS replay ON true`;
  if (!row) throw new Error("payOrder's lookup returned no row");
  // "requestHash" is NOT NULL in its table: null here means no earlier request.
  const replay = row.requestHash === null ? null : { requestHash: row.requestHash, payment: toPayment(row) };
  return { replay, paidBy: row.paidBy };
}

export interface PendingPayment {
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
export async function insertPending(prisma: PrismaClient, pending: PendingPayment): Promise<Payment> {
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
export async function recordSuccess(prisma: PrismaClient, payment: Payment, chargeId: string, leaseMs: number | undefined) {
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
export async function recordDeclined(prisma: PrismaClient, id: string, reason: string): Promise<Payment | null> {
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

/** PENDING payments last touched before `before`, oldest first: what recovery finishes. */
export function stalePending(prisma: PrismaClient, before: Date, limit: number): Promise<Payment[]> {
  return prisma.payment.findMany({ where: { status: "PENDING", updatedAt: { lte: before } }, orderBy: { updatedAt: "asc" }, take: limit });
}

/** Deletes payOrder idempotency keys created before `before`; returns how many. */
export async function prunePaymentRequests(prisma: PrismaClient, before: Date): Promise<number> {
  const { count } = await prisma.paymentRequest.deleteMany({ where: { createdAt: { lt: before } } });
  return count;
}
