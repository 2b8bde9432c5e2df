// Refund rows: refundPayment's statements (each ONE statement: data-modifying CTEs, RETURNING instead of reading
// back), recovery's scan, and the Payment.refunds loader's query.
import { randomUUID } from "node:crypto";
import { claimedAtBirth, type OutboxMessage } from "@shop/shared/outbox";
import { UTC_NOW } from "@shop/shared/utc-now";
import { type Payment, Prisma, type PrismaClient, type Refund } from "../__generated__/prisma/client.ts";
import { toPayment } from "./payments.ts";

const NOW = Prisma.raw(UTC_NOW);

/** The order.refunded message: tells the orders service a payment was refunded in full. */
export const ORDER_REFUNDED = "order.refunded";

export interface OrderRefundedMessage {
  orderId: string;
  userId: string;
  paymentId: string;
}

/** At most this many refunds are listed per payment (Payment.refunds); a payment rarely has more than a few. */
export const MAX_LISTED_REFUNDS = 100;

function toRefund(row: Refund): Refund {
  return {
    id: row.id,
    paymentId: row.paymentId,
    amountCents: row.amountCents,
    reason: row.reason,
    status: row.status,
    requestedBy: row.requestedBy,
    idempotencyKey: row.idempotencyKey,
    requestHash: row.requestHash,
    processorRefundId: row.processorRefundId,
    failureReason: row.failureReason,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The refund a staff user asked for under this key, or null. */
export async function refundByKey(prisma: PrismaClient, requestedBy: string, key: string): Promise<Refund | null> {
  return prisma.refund.findUnique({ where: { requestedBy_idempotencyKey: { requestedBy, idempotencyKey: key } } });
}

export interface NewRefund {
  paymentId: string;
  /** The amount to give back; null for "whatever is left of the charge" (the shop's own refund of a late charge). */
  amountCents: number | null;
  reason: string;
  /** The staff user, with their key and the request's hash; null for the shop's own refund. */
  requestedBy: string | null;
  key: string | null;
  requestHash: string | null;
}

/** What insertPendingRefund answers: the new refund, or the payment as it was when nothing was admitted. */
export interface AdmittedRefund {
  refund: Refund | null;
  /** The payment as locked (null when there is none): its status and what is left explain a refusal. */
  payment: Pick<Payment, "id" | "status" | "amountCents" | "refundHeldCents" | "chargeId"> | null;
}

/**
 * Admits a refund on the locked payment row and records it PENDING, in one statement. The payment is locked first
 * (FOR UPDATE re-reads it at its newest version after waiting for another refund), then one conditional UPDATE
 * adds the amount to refundHeldCents only if the payment is SUCCEEDED and the total stays within the charge (the
 * condition is re-checked on the newest row), and only then is the refund inserted. Two staff refunding at once
 * are decided one after the other: the second sees the first's amount. The same staff key at the same moment is a
 * unique violation that rolls the whole statement back.
 */
export async function insertPendingRefund(prisma: PrismaClient, refund: NewRefund): Promise<AdmittedRefund> {
  const amount = refund.amountCents === null ? Prisma.sql`p."amountCents" - p."refundHeldCents"` : Prisma.sql`${refund.amountCents}::int`;
  const [row] = await prisma.$queryRaw<Array<Refund & { payment: AdmittedRefund["payment"] & { createdAt: string } }>>`
    WITH target AS MATERIALIZED (
      SELECT "id", "status", "amountCents", "refundHeldCents", "chargeId" FROM "Payment" WHERE "id" = ${refund.paymentId}::uuid FOR UPDATE
    ), held AS (
      UPDATE "Payment" p SET "refundHeldCents" = p."refundHeldCents" + ${amount}, "updatedAt" = ${NOW}
      FROM target
      WHERE p."id" = target."id" AND p."status" = 'SUCCEEDED'::"PaymentStatus" AND p."chargeId" IS NOT NULL
        AND ${amount} > 0 AND p."refundHeldCents" + ${amount} <= p."amountCents"
      RETURNING p."id", p."refundHeldCents" - target."refundHeldCents" AS "amountCents"
    ), refund AS (
      INSERT INTO "Refund" ("id", "paymentId", "amountCents", "reason", "status", "requestedBy", "idempotencyKey", "requestHash", "createdAt", "updatedAt")
      SELECT ${randomUUID()}::uuid, held."id", held."amountCents", ${refund.reason}, 'PENDING'::"RefundStatus",
             ${refund.requestedBy}::uuid, ${refund.key}, ${refund.requestHash}, ${NOW}, ${NOW}
      FROM held
      RETURNING *
    )
    SELECT refund.*, to_jsonb(target) AS "payment"
    FROM target LEFT JOIN refund ON true`;
  if (!row) return { refund: null, payment: null };
  return { refund: row.id ? toRefund(row) : null, payment: row.payment };
}

/**
 * PENDING -> SUCCEEDED with the processor's id, the payment's refunded total raised (REFUNDED when it reaches the
 * charge), and, when that refund completes the payment, the order.refunded message born claimed: one statement.
 * Null when the refund was no longer PENDING (another request or recovery recorded it first): nothing changes.
 */
export async function recordRefundSuccess(prisma: PrismaClient, refundId: string, processorRefundId: string, leaseMs: number | undefined) {
  const [row] = await prisma.$queryRaw<Array<Refund & { payment: Payment; message: OutboxMessage | null }>>`
    WITH done AS (
      UPDATE "Refund" SET "status" = 'SUCCEEDED'::"RefundStatus", "processorRefundId" = ${processorRefundId}, "updatedAt" = ${NOW}
      WHERE "id" = ${refundId}::uuid AND "status" = 'PENDING'::"RefundStatus"
      RETURNING *
    ), counted AS (
      UPDATE "Payment" p SET "refundedCents" = p."refundedCents" + done."amountCents", "updatedAt" = ${NOW},
        "status" = CASE WHEN p."refundedCents" + done."amountCents" = p."amountCents" THEN 'REFUNDED'::"PaymentStatus" ELSE p."status" END
      FROM done WHERE p."id" = done."paymentId"
      RETURNING p.*
    ), message AS (
      INSERT INTO "OutboxMessage" ("id", "topic", "payload", "attempts", "availableAt", "createdAt")
      SELECT ${randomUUID()}::uuid, ${ORDER_REFUNDED},
             jsonb_build_object('orderId', "orderId", 'userId', "userId", 'paymentId', "id"),
             ${Prisma.raw(claimedAtBirth(leaseMs))}, ${NOW}
      FROM counted WHERE "status" = 'REFUNDED'::"PaymentStatus"
      RETURNING "id", "topic", "payload", "attempts"
    )
    SELECT done.*, to_jsonb(counted) AS "payment", (SELECT to_jsonb(message) FROM message) AS "message"
    FROM done, counted`;
  if (!row) return null;
  const payment = row.payment as unknown as Record<string, unknown>;
  const dates = { createdAt: new Date(String(payment.createdAt)), updatedAt: new Date(String(payment.updatedAt)) };
  return { refund: toRefund(row), payment: toPayment({ ...(payment as unknown as Payment), ...dates }), message: row.message };
}

/**
 * The processor refunded nothing: PENDING -> FAILED with the reason, and its amount is no longer held on the
 * payment (so it can be refunded again, under a new key), in one statement. Null when it was no longer PENDING.
 */
export async function recordRefundFailed(prisma: PrismaClient, refundId: string, reason: string): Promise<Refund | null> {
  const [row] = await prisma.$queryRaw<Refund[]>`
    WITH failed AS (
      UPDATE "Refund" SET "status" = 'FAILED'::"RefundStatus", "failureReason" = ${reason}, "updatedAt" = ${NOW}
      WHERE "id" = ${refundId}::uuid AND "status" = 'PENDING'::"RefundStatus"
      RETURNING *
    ), released AS (
      UPDATE "Payment" p SET "refundHeldCents" = p."refundHeldCents" - failed."amountCents", "updatedAt" = ${NOW}
      FROM failed WHERE p."id" = failed."paymentId"
    )
    SELECT * FROM failed`;
  return row ? toRefund(row) : null;
}

/** The refund as it is now (rare paths only: after another request or recovery recorded it). */
export function readRefund(prisma: PrismaClient, id: string): Promise<Refund> {
  return prisma.refund.findUniqueOrThrow({ where: { id } });
}

/** The charge a refund gives back from (its payment's processor charge id). */
export async function chargeOf(prisma: PrismaClient, paymentId: string): Promise<string> {
  const payment = await prisma.payment.findUniqueOrThrow({ where: { id: paymentId }, select: { chargeId: true } });
  if (!payment.chargeId) throw new Error(`payment ${paymentId} has no charge to refund`);
  return payment.chargeId;
}

/** PENDING refunds last touched before `before`, oldest first: what recovery finishes. */
export function stalePendingRefunds(prisma: PrismaClient, before: Date, limit: number): Promise<Refund[]> {
  return prisma.refund.findMany({ where: { status: "PENDING", updatedAt: { lte: before } }, orderBy: { updatedAt: "asc" }, take: limit });
}
