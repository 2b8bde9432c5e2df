// The payments service's dependencies for payOrder and recovery, built once per process.
import type { Faults } from "@shop/shared/faults";
import type { Logger } from "@shop/shared/logger";
import type { OrdersClient } from "./orders-client.ts";
import type { CardProcessor } from "./processor/card-processor.ts";

export interface Checkout {
  orders: OrdersClient;
  processor: CardProcessor;
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
