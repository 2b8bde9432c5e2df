// Two fields that require one field with different arguments (`priceCents(currency: USD)` and `(currency: EUR)`):
// stock @apollo/gateway 2.14 fetched one of the two and computed both fields from it. The patched planner fetches
// both under aliases and sends each requirement in its own representation (two fetches, never one that would carry
// both under one key).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchNodes, link, type PlannerFixture, startPlannerFixture } from "./planner-fixture.ts";

const products = [
  { upc: "p1", name: "Lantern", priceCents: 1200, weightGrams: 300, category: { id: "c1", averageCents: 900 } },
  { upc: "p2", name: "Canoe", priceCents: 45000, weightGrams: 25000, category: { id: "c2", averageCents: 52000 } },
];
const RATES: Record<string, number> = { USD: 1, EUR: 0.5 };
type ProductRow = (typeof products)[number];

/** Owns products, their prices in any currency, weights and categories. */
const catalog = {
  name: "catalog",
  sdl: `${link("@key")}
    enum Currency { USD EUR }
    type Query { products: [Product!]! }
    type Product @key(fields: "upc") {
      upc: ID! name: String! priceCents(currency: Currency!): Int! weightGrams: Int! category: Category!
    }
    type Category { id: ID! averageCents(currency: Currency!): Int! }`,
  resolvers: {
    Query: { products: () => products },
    Product: {
      __resolveReference: (ref: { upc: string }) => products.find((product) => product.upc === ref.upc),
      priceCents: (product: ProductRow, { currency }: { currency: string }) => product.priceCents * RATES[currency]!,
    },
    Category: {
      averageCents: (category: ProductRow["category"], { currency }: { currency: string }) => category.averageCents * RATES[currency]!,
    },
  },
};

/** Computes import duties from a price in each currency, and flags products dearer than their category's average. */
const customs = {
  name: "customs",
  sdl: `${link("@key", "@external", "@requires")}
    enum Currency { USD EUR }
    type Product @key(fields: "upc") {
      upc: ID!
      priceCents(currency: Currency!): Int! @external
      weightGrams: Int! @external
      category: Category! @external
      dutyUSD: Int! @requires(fields: "priceCents(currency: USD) weightGrams")
      dutyEUR: Int! @requires(fields: "priceCents(currency: EUR) weightGrams")
      aboveAverage: Boolean! @requires(fields: "priceCents(currency: USD) category { averageCents(currency: USD) }")
    }
    type Category @external { averageCents(currency: Currency!): Int! }`,
  resolvers: {
    Product: {
      __resolveReference: (ref: Record<string, unknown>) => ref,
      // 10% of the price plus a cent per 10 g: a wrong price or a missing weight shows in the figure.
      dutyUSD: (product: { priceCents: number; weightGrams: number }) => product.priceCents / 10 + product.weightGrams / 10,
      dutyEUR: (product: { priceCents: number; weightGrams: number }) => product.priceCents / 10 + product.weightGrams / 10,
      aboveAverage: (product: { priceCents: number; category: { averageCents: number } }) =>
        product.priceCents > product.category.averageCents,
    },
  },
};

describe("@requires of one field with conflicting arguments", () => {
  let fixture: PlannerFixture;
  beforeAll(async () => {
    fixture = await startPlannerFixture([catalog, customs]);
  });
  afterAll(async () => {
    await fixture?.stop();
  });

  it("computes each field from the price in its own currency", async () => {
    const { data, errors } = await fixture.query("{ products { upc name dutyUSD dutyEUR aboveAverage } }");
    expect(errors).toBeUndefined();
    expect(data?.products).toEqual([
      { upc: "p1", name: "Lantern", dutyUSD: 150, dutyEUR: 90, aboveAverage: true },
      { upc: "p2", name: "Canoe", dutyUSD: 7000, dutyEUR: 4750, aboveAverage: false },
    ]);
  });

  it("gives the client the price it asked for next to a requirement of the other currency", async () => {
    const { data, errors } = await fixture.query(`{ products { priceCents(currency: EUR) dutyUSD } }`);
    expect(errors).toBeUndefined();
    expect(data?.products).toEqual([
      { priceCents: 600, dutyUSD: 150 },
      { priceCents: 22500, dutyUSD: 7000 },
    ]);
  });

  it("plans one catalog fetch with both prices aliased, then one customs fetch per conflicting requirement", () => {
    const [fromCatalog, ...toCustoms] = fetchNodes(fixture.plan("{ products { dutyUSD dutyEUR aboveAverage } }"));
    expect(fromCatalog?.serviceName).toBe("catalog");
    expect(fromCatalog!.operation).toMatch(/priceCents__requires_[0-9a-f]{8}:priceCents\(currency:USD\)/);
    expect(fromCatalog!.operation).toMatch(/priceCents__requires_[0-9a-f]{8}:priceCents\(currency:EUR\)/);
    // The nested requirement is aliased inside its parent, which keeps its name.
    expect(fromCatalog!.operation).toMatch(/category\{averageCents__requires_[0-9a-f]{8}:averageCents\(currency:USD\)\}/);
    expect(toCustoms.map((fetch) => fetch.serviceName)).toEqual(["customs", "customs"]);
    // Each representation carries one price: the renames of one fetch to `priceCents` all come from one alias.
    const pricesRenamed = toCustoms.map((fetch) => {
      const renames = (fetch.inputRewrites as Array<{ path: string[]; renameKeyTo: string }>).filter((r) => r.renameKeyTo === "priceCents");
      return [...new Set(renames.map((rename) => rename.path.at(-1)))];
    });
    expect(pricesRenamed.map((aliases) => aliases.length)).toEqual([1, 1]);
    expect(pricesRenamed[0]).not.toEqual(pricesRenamed[1]);
  });
});
