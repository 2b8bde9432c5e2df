// What the payments service's payOrder, refundPayment and recovery need beyond the request, built once per process by the
// declaration (subgraph.ts): the orders service, the card processor, the write statements, settings.
import type { Faults } from "@shop/shared/faults";
import type { Logger } from "@shop/shared/logger";
import * as payments from "./db/payments.ts";
import * as refunds from "./db/refunds.ts";
import type { OrdersClient } from "./orders-client.ts";
import type { CardProcessor } from "./processor/card-processor.ts";

/**
 * The payment and refund statements (db/payments.ts, db/refunds.ts), reached through the dependencies so the
 * declaration can arm them.
 */
export const paymentWrites = { ...payments, ...refunds };
export type PaymentWrites = typeof paymentWrites;

export interface CheckoutDependencies {
  orders: OrdersClient;
  processor: CardProcessor;
  /** The payment statements as the declaration wired them (armed with test fault hooks). */
  writes: PaymentWrites;
  /** The process's test-only crash switch: a crashed process delivers no outbox message (see deliverNow). */
  faults: Faults;
  logger: Logger;
  /** A PENDING payment older than this is finished by recovery. */
  staleAfterSeconds: number;
  /**
   * How long an outbox message stays invisible to other deliverers while one delivers it: a message payOrder
   * inserts already claimed, or one recovery claims (OUTBOX_LEASE_MS, 30 s, when unset).
   */
  outboxLeaseMs?: number;
}
