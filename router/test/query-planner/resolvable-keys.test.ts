// The fetch back into a subgraph after its @requires must use a key that subgraph can resolve: stock
// @apollo/gateway 2.14 took the type's first @key in that subgraph even when it was `resolvable: false`, the
// subgraph resolved nothing, and a non-null field nulled its parent without an error.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchNodes, link, type PlannerFixture, startPlannerFixture } from "./planner-fixture.ts";

const variants = [
  { id: "v1", sku: "TENT-2P", warehouse: { code: "W1", bin: "A7" }, name: "Two-person tent" },
  { id: "v2", sku: "TENT-4P", warehouse: { code: "W1", bin: "B2" }, name: "Four-person tent" },
];

/** Owns variants (resolvable by id) and their names. */
const catalog = {
  name: "catalog",
  sdl: `${link("@key")}
    type Variant @key(fields: "id") @key(fields: "sku", resolvable: false) { id: ID! sku: String! name: String! }`,
  resolvers: {
    Variant: { __resolveReference: (ref: { id: string }) => variants.find((row) => row.id === ref.id) },
  },
};

/** Lists variants in stock and labels them from their names; it can be entered only by `id location { code bin }`. */
const warehouse = {
  name: "warehouse",
  sdl: `${link("@key", "@external", "@requires", "@shareable")}
    type Query { inStock: [Variant!]! }
    type Variant
      @key(fields: "sku", resolvable: false)
      @key(fields: "location { code }", resolvable: false)
      @key(fields: "id location { code bin }") {
      id: ID!
      sku: String!
      location: Location!
      name: String! @external
      shelfLabel: String! @requires(fields: "name")
    }
    type Location @shareable { code: ID! bin: ID! }`,
  resolvers: {
    Query: { inStock: () => variants.map(({ id, sku, warehouse: location }) => ({ id, sku, location })) },
    Variant: {
      // Only the resolvable key identifies a variant here: a sku or a warehouse code alone finds nothing.
      __resolveReference(ref: { id?: string; location?: { code: string; bin?: string }; name?: string }) {
        const variant = variants.find((row) => row.id === ref.id && row.warehouse.bin === ref.location?.bin);
        return variant ? { ...ref, sku: variant.sku } : null;
      },
      shelfLabel: (variant: { name: string; location: { bin: string } }) => `${variant.location.bin}: ${variant.name}`,
    },
  },
};

describe("the key of the fetch after a @requires", () => {
  let fixture: PlannerFixture;
  beforeAll(async () => {
    fixture = await startPlannerFixture([catalog, warehouse]);
  });
  afterAll(async () => {
    await fixture?.stop();
  });

  it("resolves a field whose requirement comes from another subgraph", async () => {
    const { data, errors } = await fixture.query("{ inStock { sku name shelfLabel } }");
    expect(errors).toBeUndefined();
    expect(data?.inStock).toEqual([
      { sku: "TENT-2P", name: "Two-person tent", shelfLabel: "A7: Two-person tent" },
      { sku: "TENT-4P", name: "Four-person tent", shelfLabel: "B2: Four-person tent" },
    ]);
  });

  it("sends the warehouse its resolvable key, not the first one it declares", () => {
    const fetches = fetchNodes(fixture.plan("{ inStock { shelfLabel } }"));
    expect(fetches.map((fetch) => fetch.serviceName)).toEqual(["warehouse", "catalog", "warehouse"]);
    const backIntoWarehouse = JSON.stringify(fetches[2]!.requires);
    expect(backIntoWarehouse).toContain('"name":"id"');
    expect(backIntoWarehouse).toContain('{"kind":"Field","name":"location","selections":[{"kind":"Field","name":"code"},{"kind":"Field","name":"bin"}]}');
    expect(backIntoWarehouse).not.toContain('"name":"sku"');
  });
});
