// Payment rules: which attempt stands for an order, and who may see a payment.
import type { Caller } from "@shop/shared/identity";
import { SCOPES } from "@shop/shared/scopes";
import { hasScope } from "@shop/shared/service-caller";
import type { Payment } from "../__generated__/prisma/client.ts";

/** The fields the rules look at, so they can be tested without database rows. */
type Attempt = Pick<Payment, "id" | "status" | "createdAt">;

/**
 * The payment that represents an order: the succeeded or refunded one (at most one ever succeeds), otherwise the
 * most recent attempt, otherwise null. Ties on createdAt fall back to the id so the answer is stable.
 */
export function choosePayment<P extends Attempt>(payments: readonly P[]): P | null {
  // A refunded payment was the succeeded one (the money was taken, then given back): it still stands for the order.
  const succeeded = payments.find((payment) => payment.status === "SUCCEEDED" || payment.status === "REFUNDED");
  if (succeeded) return succeeded;
  let latest: P | null = null;
  for (const payment of payments) {
    if (!latest) latest = payment;
    else {
      const byTime = payment.createdAt.getTime() - latest.createdAt.getTime();
      if (byTime > 0 || (byTime === 0 && payment.id > latest.id)) latest = payment;
    }
  }
  return latest;
}

/**
 * The payment when the caller owns it (it was made for their order) or may refund it (staff with payments:refund);
 * null for anyone else, anonymous included.
 */
export function visibleTo<P extends Pick<Payment, "userId">>(payment: P | null | undefined, caller: Caller): P | null {
  if (!payment || !caller.userId) return null;
  return payment.userId === caller.userId.toLowerCase() || hasScope(caller, SCOPES.paymentsRefund) ? payment : null;
}
