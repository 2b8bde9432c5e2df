// Order money rules without GraphQL: line totals, order totals, and the 32-bit GraphQL Int ceiling.
import { seedOrders } from "@shop/shared/seed-data";
import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import { lineTotalCents, MAX_GRAPHQL_INT, orderTotalCents } from "../src/domain/totals.ts";

function codeOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error instanceof GraphQLError ? error.extensions : error;
  }
  return "no error";
}

describe("order totals", () => {
  it("sums quantity * unit price over the lines", () => {
    expect(lineTotalCents({ quantity: 3, unitPriceCents: 700 })).toBe(2100);
    expect(orderTotalCents([{ quantity: 2, unitPriceCents: 1450 }, { quantity: 1, unitPriceCents: 1200 }])).toBe(4100);
    expect(orderTotalCents([{ quantity: 5, unitPriceCents: 0 }])).toBe(0);
    expect(orderTotalCents([])).toBe(0);
  });

  it("agrees with every seeded order's total", () => {
    for (const order of seedOrders) expect(orderTotalCents(order.items)).toBe(order.totalCents);
  });

  it("accepts exactly the largest GraphQL Int, and refuses one cent more", () => {
    expect(orderTotalCents([{ quantity: 1, unitPriceCents: MAX_GRAPHQL_INT }])).toBe(2_147_483_647);
    expect(codeOf(() => orderTotalCents([{ quantity: 1, unitPriceCents: MAX_GRAPHQL_INT }, { quantity: 1, unitPriceCents: 1 }]))).toEqual({
      code: "BAD_USER_INPUT",
      field: "items",
    });
  });

  it("refuses a single line past the GraphQL Int, even where floating point would lose precision", () => {
    expect(codeOf(() => lineTotalCents({ quantity: 2, unitPriceCents: 1_073_741_824 }))).toMatchObject({ code: "BAD_USER_INPUT" });
    expect(codeOf(() => orderTotalCents([{ quantity: MAX_GRAPHQL_INT, unitPriceCents: MAX_GRAPHQL_INT }]))).toMatchObject({
      code: "BAD_USER_INPUT",
    });
  });

  it("refuses quantities below 1 and negative or fractional amounts", () => {
    const cases = [
      [{ quantity: 0, unitPriceCents: 100 }, "quantity"],
      [{ quantity: 1.5, unitPriceCents: 100 }, "quantity"],
      [{ quantity: 1, unitPriceCents: -1 }, "unitPriceCents"],
      [{ quantity: 1, unitPriceCents: 9.99 }, "unitPriceCents"],
    ] as const;
    for (const [line, field] of cases) expect(codeOf(() => lineTotalCents(line))).toEqual({ code: "BAD_USER_INPUT", field });
  });
});
