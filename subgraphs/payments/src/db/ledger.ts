// The simulated card processor's ledger (the SimulatedCharge table, standing for the processor's side): one
// charge per idempotency key, and refunds.
import { randomUUID } from "node:crypto";
import { UTC_NOW } from "@shop/shared/utc-now";
import { Prisma, type PrismaClient, type SimulatedCharge } from "../__generated__/prisma/client.ts";

/** The ledger's columns a charge's replay compares. */
export type ChargeRow = Pick<SimulatedCharge, "id" | "amountCents" | "currency">;

export interface NewCharge {
  idempotencyKey: string;
  amountCents: number;
  currency: string;
  paymentMethod: string;
}

/**
 * The charge for this idempotency key: the existing one, or a new one, in one statement. The insert does nothing
 * when the key exists, and the SELECT (which sees the table as it was before the statement) returns the existing
 * row then, so exactly one of the two answers.
 */
export async function chargeOnce(prisma: PrismaClient, charge: NewCharge): Promise<ChargeRow> {
  const [row] = await prisma.$queryRaw<ChargeRow[]>`
    WITH created AS (
      INSERT INTO "SimulatedCharge" ("id", "idempotencyKey", "amountCents", "currency", "paymentMethod", "createdAt")
      VALUES (${randomUUID()}::uuid, ${charge.idempotencyKey}, ${charge.amountCents}, ${charge.currency}, ${charge.paymentMethod},
              ${Prisma.raw(UTC_NOW)})
      ON CONFLICT ("idempotencyKey") DO NOTHING
      RETURNING "id", "amountCents", "currency"
    )
    SELECT * FROM created
    UNION ALL
    SELECT "id", "amountCents", "currency" FROM "SimulatedCharge" WHERE "idempotencyKey" = ${charge.idempotencyKey}`;
  if (row) return row;
  // Neither: a concurrent charge with this key committed after this statement began (so its row was not visible
  // here, yet the insert gave way to it). It is committed now: read it (a second statement, on this race only).
  return prisma.simulatedCharge.findUniqueOrThrow({ where: { idempotencyKey: charge.idempotencyKey } });
}

export interface NewRefund {
  chargeId: string;
  amountCents: number;
  idempotencyKey: string;
}

/** A refund as the ledger answers it; null when the charge is unknown or the refund would exceed what is left of it. */
export type RefundRow = { id: string; amountCents: number; chargeId: string };

/**
 * The refund for this idempotency key: the existing one, or a new one when the charge has that much left, in one
 * statement. The charge row is locked first (re-read at its newest version), so two refunds of one charge are
 * decided one after the other and never add up to more than the charge; the charge's refundedAt is set when it is
 * refunded in full.
 */
export async function refundOnce(prisma: PrismaClient, refund: NewRefund): Promise<RefundRow | null> {
  const [row] = await prisma.$queryRaw<RefundRow[]>`
    WITH charge AS MATERIALIZED (
      SELECT "id", "amountCents", "refundedCents" FROM "SimulatedCharge" WHERE "id" = ${refund.chargeId}::uuid FOR UPDATE
    ), created AS (
      INSERT INTO "SimulatedRefund" ("id", "idempotencyKey", "chargeId", "amountCents", "createdAt")
      SELECT ${randomUUID()}::uuid, ${refund.idempotencyKey}, charge."id", ${refund.amountCents}, ${Prisma.raw(UTC_NOW)}
      FROM charge WHERE charge."refundedCents" + ${refund.amountCents} <= charge."amountCents"
      ON CONFLICT ("idempotencyKey") DO NOTHING
      RETURNING "id", "amountCents", "chargeId"
    ), counted AS (
      UPDATE "SimulatedCharge" c SET "refundedCents" = c."refundedCents" + created."amountCents",
        "refundedAt" = CASE WHEN c."refundedCents" + created."amountCents" = c."amountCents" THEN ${Prisma.raw(UTC_NOW)} ELSE c."refundedAt" END
      FROM created WHERE c."id" = created."chargeId"
    )
    SELECT * FROM created
    UNION ALL
    SELECT "id", "amountCents", "chargeId" FROM "SimulatedRefund" WHERE "idempotencyKey" = ${refund.idempotencyKey}`;
  if (row) return row;
  // A concurrent refund with this key committed while this statement waited for the charge's lock (its row is
  // not in this statement's snapshot): read it; none means the charge had not enough left.
  return prisma.simulatedRefund.findUnique({ where: { idempotencyKey: refund.idempotencyKey }, select: { id: true, amountCents: true, chargeId: true } });
}
