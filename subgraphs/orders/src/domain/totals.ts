// Money arithmetic of an order: line totals and the order total, in integer cents that must fit a GraphQL Int.
import { badUserInput } from "@shop/shared/errors";

/** The largest value a GraphQL `Int` (32-bit signed) can carry: 2^31 - 1. */
export const MAX_GRAPHQL_INT = 2 ** 31 - 1;

export interface PricedLine {
  quantity: number;
  unitPriceCents: number;
}

/** quantity * unitPriceCents; BAD_USER_INPUT when a part is not a valid amount or the product exceeds a GraphQL Int. */
export function lineTotalCents({ quantity, unitPriceCents }: PricedLine): number {
  if (!Number.isInteger(quantity) || quantity < 1) throw badUserInput("Quantity must be a whole number of at least 1", "quantity");
  if (!Number.isInteger(unitPriceCents) || unitPriceCents < 0) {
    throw badUserInput("Unit price must be a whole, non-negative number of cents", "unitPriceCents");
  }
  const total = quantity * unitPriceCents;
  if (total > MAX_GRAPHQL_INT) throw badUserInput("This line's total is too large for one order", "quantity");
  return total;
}

/** The sum of the lines' totals; BAD_USER_INPUT when it would exceed a GraphQL Int (so it can always be served). */
export function orderTotalCents(lines: readonly PricedLine[]): number {
  let total = 0;
  for (const line of lines) {
    total += lineTotalCents(line);
    if (total > MAX_GRAPHQL_INT) throw badUserInput("The order total is too large for one order", "items");
  }
  return total;
}
