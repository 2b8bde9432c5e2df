// The product the checkout scenario buys: its stock is raised before the run so that a long run never sells out.
import { seedProducts } from "@shop/shared/seed-data";

export const CHECKOUT_SKU = "STICK-021";
export const CHECKOUT_STOCK = 10_000_000;
export const checkoutProduct = seedProducts.find((p) => p.sku === CHECKOUT_SKU)!;
