// A simulated card processor with the test methods of the contract: pm_card_visa succeeds, pm_card_declined is
// declined, pm_card_processor_error fails without charging. It keeps its own ledger (db/ledger.ts, standing for
// the processor's side) so that, like a real processor, one idempotency key is charged at most once.
import type { PrismaClient } from "../__generated__/prisma/client.ts";
import { type ChargeRow, chargeOnce, refundOnce } from "../db/ledger.ts";
import { type CardProcessor, type ChargeRequest, type ChargeResult, ProcessorUnavailableError, type RefundRequest, type RefundResult } from "./card-processor.ts";

export const TEST_PAYMENT_METHODS = ["pm_card_visa", "pm_card_declined", "pm_card_processor_error"] as const;

export class SimulatedCardProcessor implements CardProcessor {
  constructor(private readonly ledger: PrismaClient) {}

  async charge(request: ChargeRequest): Promise<ChargeResult> {
    switch (request.paymentMethod) {
      case "pm_card_visa":
        return { status: "succeeded", chargeId: sameRequest(await chargeOnce(this.ledger, request), request) };
      case "pm_card_declined":
        return { status: "declined", reason: "Your card was declined. Try another card." };
      case "pm_card_processor_error":
        throw new ProcessorUnavailableError("The card processor had an internal error; nothing was charged");
      default:
        return { status: "declined", reason: `This payment method is not accepted. Test methods: ${TEST_PAYMENT_METHODS.join(", ")}.` };
    }
  }

  async refund(request: RefundRequest): Promise<RefundResult> {
    const refund = await refundOnce(this.ledger, request);
    // Like Stripe: a refund beyond what is left of the charge, or a key reused for another refund, is an error.
    if (!refund) throw new Error("refund exceeds what is left of the charge");
    if (refund.amountCents !== request.amountCents || refund.chargeId !== request.chargeId) {
      throw new Error("idempotency key reused with different refund parameters");
    }
    return { refundId: refund.id };
  }
}

/** The charge's id, when it was made with these parameters. Like Stripe: a key reused with different ones is an error, not a second charge. */
function sameRequest(charge: ChargeRow, request: ChargeRequest): string {
  if (charge.amountCents !== request.amountCents || charge.currency !== request.currency) {
    throw new Error("idempotency key reused with different charge parameters");
  }
  return charge.id;
}
