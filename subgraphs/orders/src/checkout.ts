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
}
