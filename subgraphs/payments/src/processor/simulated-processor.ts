// A simulated card processor with the test methods of the contract: pm_card_visa succeeds, pm_card_declined is
// declined, pm_card_processor_error fails without charging. It keeps its own ledger (the SimulatedCharge table,
// standing for the processor's side) so that, like a real processor, one idempotency key is charged at most once.
import { isUniqueViolation } from "@shop/shared/db-errors";
import type { PrismaClient } from "../__generated__/prisma/client.ts";
import { type CardProcessor, type ChargeRequest, type ChargeResult, ProcessorUnavailableError, type RefundRequest } from "./card-processor.ts";

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

  /** The charge for this idempotency key: the existing one, or a new one. */
  private async record(request: ChargeRequest): Promise<string> {
    const existing = await this.ledger.simulatedCharge.findUnique({ where: { idempotencyKey: request.idempotencyKey } });
    if (existing) return this.sameRequest(existing, request);
    try {
      const charge = await this.ledger.simulatedCharge.create({
        data: { idempotencyKey: request.idempotencyKey, amountCents: request.amountCents, currency: request.currency, paymentMethod: request.paymentMethod },
      });
      return charge.id;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      return this.sameRequest(await this.ledger.simulatedCharge.findUniqueOrThrow({ where: { idempotencyKey: request.idempotencyKey } }), request);
    }
  }

  private sameRequest(charge: { id: string; amountCents: number; currency: string }, request: ChargeRequest): string {
    // Like Stripe: a key reused with different parameters is an error, not a second charge.
    if (charge.amountCents !== request.amountCents || charge.currency !== request.currency) {
      throw new Error("idempotency key reused with different charge parameters");
    }
    return charge.id;
  }
}
