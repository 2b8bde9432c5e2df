// A simulated card processor with the test methods of the contract: pm_card_visa succeeds, pm_card_declined is
// declined, pm_card_processor_error fails without charging. It keeps its own ledger (the SimulatedCharge table,
// standing for the processor's side) so that, like a real processor, one idempotency key is charged at most once.
import { randomUUID } from "node:crypto";
import { UTC_NOW } from "@shop/shared/utc-now";
import { Prisma, type PrismaClient, type SimulatedCharge } from "../__generated__/prisma/client.ts";
import { type CardProcessor, type ChargeRequest, type ChargeResult, ProcessorUnavailableError, type RefundRequest } from "./card-processor.ts";

/** The ledger's columns a charge's replay compares. */
type ChargeRow = Pick<SimulatedCharge, "id" | "amountCents" | "currency">;

export const TEST_PAYMENT_METHODS = ["pm_card_visa", "pm_card_declined", "pm_card_processor_error"] as const;

export class SimulatedCardProcessor implements CardProcessor {
  constructor(private readonly ledger: PrismaClient) {}

  async charge(request: ChargeRequest): Promise<ChargeResult> {
    switch (request.paymentMethod) {
      case "pm_card_visa":
        return { status: "succeeded", chargeId: await this.record(request) };
      case "pm_card_declined":
        return { status: "declined", reason: "Your card was declined. Try another card." };
      case "pm_card_processor_error":
        throw new ProcessorUnavailableError("The card processor had an internal error; nothing was charged");
      default:
        return { status: "declined", reason: `This payment method is not accepted. Test methods: ${TEST_PAYMENT_METHODS.join(", ")}.` };
    }
  }

  async refund({ chargeId }: RefundRequest): Promise<void> {
    // Refunding twice is harmless: only a charge not yet refunded changes.
    await this.ledger.simulatedCharge.updateMany({ where: { id: chargeId, refundedAt: null }, data: { refundedAt: new Date() } });
  }

  /**
   * The charge for this idempotency key: the existing one, or a new one, in one statement. The insert does nothing
   * when the key exists, and the SELECT (which sees the table as it was before the statement) returns the existing
   * row then, so exactly one of the two answers.
   */
  private async record(request: ChargeRequest): Promise<string> {
    const [charge] = await this.ledger.$queryRaw<ChargeRow[]>`
      WITH created AS (
        INSERT INTO "SimulatedCharge" ("id", "idempotencyKey", "amountCents", "currency", "paymentMethod", "createdAt")
        VALUES (${randomUUID()}::uuid, ${request.idempotencyKey}, ${request.amountCents}, ${request.currency}, ${request.paymentMethod},
                ${Prisma.raw(UTC_NOW)})
        ON CONFLICT ("idempotencyKey") DO NOTHING
        RETURNING "id", "amountCents", "currency"
      )
      SELECT * FROM created
      UNION ALL
      SELECT "id", "amountCents", "currency" FROM "SimulatedCharge" WHERE "idempotencyKey" = ${request.idempotencyKey}`;
    if (charge) return this.sameRequest(charge, request);
    // Neither: a concurrent charge with this key committed after this statement began (so its row was not visible
    // here, yet the insert gave way to it). It is committed now: read it (a second statement, on this race only).
    return this.sameRequest(await this.ledger.simulatedCharge.findUniqueOrThrow({ where: { idempotencyKey: request.idempotencyKey } }), request);
  }

  private sameRequest(charge: ChargeRow, request: ChargeRequest): string {
    // Like Stripe: a key reused with different parameters is an error, not a second charge.
    if (charge.amountCents !== request.amountCents || charge.currency !== request.currency) {
      throw new Error("idempotency key reused with different charge parameters");
    }
    return charge.id;
  }
}
