// The orders service's outbox topics: stock to release, commit or return (a refunded order) in the products
// service, delivered at least once.
// A writer queues its message in the same statement as the change that requires it, born claimed, and delivers
// it right after; the sweeper delivers whatever a writer could not (products down, or the process died first).
import { deliverNow, type OutboxHandlers, type OutboxMessage } from "@shop/shared/outbox";
import type { PrismaClient } from "../__generated__/prisma/client.ts";
import type { CheckoutDependencies } from "../checkout-dependencies.ts";

export function stockHandlers({ products }: Pick<CheckoutDependencies, "products">): OutboxHandlers {
  return {
    "stock.release": async (payload) => {
      await products.release(String(payload.userId), String(payload.orderId));
    },
    "stock.commit": async (payload) => {
      await products.commit(String(payload.userId), String(payload.orderId));
    },
    "stock.return": async (payload) => {
      await products.returnStock(String(payload.userId), String(payload.orderId));
    },
  };
}

/** Delivers messages this request queued born claimed (one DELETE each); a failure is left to the sweeper. */
export function deliverQueued(prisma: PrismaClient, checkout: CheckoutDependencies, messages: readonly OutboxMessage[]): Promise<void> {
  return deliverNow(prisma, stockHandlers(checkout), checkout, messages, "the sweeper");
}
