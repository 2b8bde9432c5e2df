// Caps on what one shopper may hold in unpaid orders, so one account cannot take the catalogue off sale
// (denial of inventory): unpaid orders at once, units of one product, units in total. A refusal names the cap.
import { graphError } from "@shop/shared/errors";
import type { Holdings } from "../db/holdings.ts";

export interface OrderCaps {
  maxPendingOrders: number;
  maxUnitsPerProduct: number;
  maxUnitsHeld: number;
}

export type CapName = "PENDING_ORDERS" | "UNITS_PER_PRODUCT" | "UNITS_HELD";

function refuse(cap: CapName, limit: number, message: string) {
  return graphError("ORDER_LIMIT_REACHED", message, { cap, limit });
}

/** Throws ORDER_LIMIT_REACHED when adding `lines` as one more unpaid order would pass a cap. */
export function checkOrderCaps(caps: OrderCaps, holdings: Holdings, lines: ReadonlyArray<{ productId: string; quantity: number }>): void {
  if (holdings.pendingOrders + 1 > caps.maxPendingOrders) {
    throw refuse("PENDING_ORDERS", caps.maxPendingOrders, `You already have ${holdings.pendingOrders} unpaid orders; at most ${caps.maxPendingOrders} may wait for payment at once. Pay or cancel one first`);
  }
  for (const line of lines) {
    const units = (holdings.unitsByProduct.get(line.productId) ?? 0) + line.quantity;
    if (units > caps.maxUnitsPerProduct) {
      throw refuse("UNITS_PER_PRODUCT", caps.maxUnitsPerProduct, `At most ${caps.maxUnitsPerProduct} units of one product may be held in unpaid orders; this order would make ${units} of product ${line.productId}`);
    }
  }
  const held = [...holdings.unitsByProduct.values()].reduce((sum, units) => sum + units, 0);
  const total = held + lines.reduce((sum, line) => sum + line.quantity, 0);
  if (total > caps.maxUnitsHeld) {
    throw refuse("UNITS_HELD", caps.maxUnitsHeld, `At most ${caps.maxUnitsHeld} units in total may be held in unpaid orders; this order would make ${total}`);
  }
}

export const isOrderLimitReached = (error: unknown) =>
  (error as { extensions?: { code?: unknown } } | null)?.extensions?.code === "ORDER_LIMIT_REACHED";
