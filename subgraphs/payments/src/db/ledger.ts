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

/** Marks a charge refunded; refunding twice is harmless (only a charge not yet refunded changes). */
export async function refundCharge(prisma: PrismaClient, chargeId: string): Promise<void> {
  await prisma.simulatedCharge.updateMany({ where: { id: chargeId, refundedAt: null }, data: { refundedAt: new Date() } });
}
