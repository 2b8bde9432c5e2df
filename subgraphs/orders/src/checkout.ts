// The orders service's dependencies for checkout, built once per process: the products client, settings, faults.
import type { Faults } from "@shop/shared/faults";
import type { Logger } from "@shop/shared/logger";
import type { ProductsClient } from "./products-client.ts";

export interface Checkout {
  products: ProductsClient;
  faults: Faults;
  logger: Logger;
  orderTtlSeconds: number;
  paymentGraceSeconds: number;
  /**
   * How long an outbox message stays invisible to the sweeper while a writer or the sweeper delivers it; a
   * message whose holder died is delivered after this. Default OUTBOX_LEASE_MS (30 s); tests shorten it.
   */
  outboxLeaseMs?: number;
}
