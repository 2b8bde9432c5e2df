// What the orders service's checkout (placement, the status changes, the sweeper) needs beyond the request, built
// once per process by the declaration (subgraph.ts): the products service, the write statements, settings.
import type { Faults } from "@shop/shared/faults";
import type { Logger } from "@shop/shared/logger";
import * as holdings from "./db/holdings.ts";
import * as lifecycle from "./db/lifecycle.ts";
import * as placement from "./db/placement.ts";
import type { OrderCaps } from "./domain/order-caps.ts";
import type { ProductsClient } from "./products-client.ts";

/** The write statements checkout runs (db/*.ts), reached through the dependencies so the declaration can arm them. */
export const orderWrites = { ...lifecycle, ...placement, ...holdings };
export type OrderWrites = typeof orderWrites;

export interface CheckoutDependencies {
  products: ProductsClient;
  /** The write statements as the declaration wired them (armed with test fault hooks); orderWrites when absent. */
  writes?: OrderWrites;
  /** The process's test-only crash switch: a crashed process delivers no outbox message (see deliverNow). */
  faults: Faults;
  logger: Logger;
  orderTtlSeconds: number;
  /** What one shopper may hold in unpaid orders; absent: no caps (unit tests of other rules). */
  caps?: OrderCaps;
  paymentGraceSeconds: number;
  /**
   * How long an outbox message stays invisible to the sweeper while a writer or the sweeper delivers it; a
   * message whose holder died is delivered after this. Default OUTBOX_LEASE_MS (30 s); tests shorten it.
   */
  outboxLeaseMs?: number;
}

/** The write statements to run. */
export function writesOf(checkout: CheckoutDependencies): OrderWrites {
  return checkout.writes ?? orderWrites;
}
