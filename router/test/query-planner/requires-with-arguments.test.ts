// @requires of a field with arguments (apollographql/federation#2276): stock @apollo/gateway 2.14 merged the
// requirement's `items(first: 3)` with the client's `items(first: 1)` (the client got three items) and fetched the
// requirement from a subgraph that declares the field @external (the one that served the bundles). The patched planner aliases the requirement and
// renames it back in the representations it sends.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchNodes, link, type PlannerFixture, startPlannerFixture } from "./planner-fixture.ts";

const items = [
  { sku: "i1", bundle: "b1", title: "Tent", weightGrams: 2100 },
  { sku: "i2", bundle: "b1", title: "Stove", weightGrams: 400 },
  { sku: "i3", bundle: "b1", title: "Lamp", weightGrams: 150 },
  { sku: "i4", bundle: "b1", title: "Mug", weightGrams: 90 },
  { sku: "i5", bundle: "b2", title: "Kayak", weightGrams: 18000 },
  { sku: "i6", bundle: "b2", title: "Paddle", weightGrams: 900 },
  { sku: "i7", bundle: "b2", title: "Vest", weightGrams: 700 },
];
const itemsOf = (bundle: string, first: number) => items.filter((item) => item.bundle === bundle).slice(0, first);
type ItemRef = { sku: string; weightGrams?: number; title?: string };

/** Owns bundles and item titles and weights; declares Bundle.items @external for a requirement of its own. */
const catalog = {
  name: "catalog",
  sdl: `${link("@key", "@external", "@requires")}
    type Query { bundles: [Bundle!]! }
    type Bundle @key(fields: "id") {
      id: ID!
      items(first: Int!): [Item!] @external
      summary: String! @requires(fields: "items(first: 10) { title }")
    }
    type Item @key(fields: "sku") { sku: ID! title: String! weightGrams: Int! }`,
  resolvers: {
    Query: { bundles: () => [{ id: "b1" }, { id: "b2" }] },
    // No resolver for the external Bundle.items: a planner that asks the catalog for it gets nulls.
    Bundle: {
      __resolveReference: (ref: { id: string; items?: ItemRef[] }) => ref,
      summary: (bundle: { items: ItemRef[] }) => bundle.items.map((item) => item.title).join(", "),
    },
    Item: { __resolveReference: (ref: ItemRef) => items.find((item) => item.sku === ref.sku) },
  },
};

/** Knows which items are in which bundle, and sizes a bundle's box from the weight of its first three items
 * (refusing any other number of items). */
const shipping = {
  name: "shipping",
  sdl: `${link("@key", "@external", "@requires")}
    type Bundle @key(fields: "id") {
      id: ID!
      items(first: Int!): [Item!]
      boxSize: String! @requires(fields: "items(first: 3) { weightGrams }")
    }
    type Item @key(fields: "sku") { sku: ID! weightGrams: Int! @external }`,
  resolvers: {
    Bundle: {
      __resolveReference(ref: { id: string; items?: ItemRef[] }) {
        if (ref.items && ref.items.length !== 3) throw new Error(`expected the first 3 items, got ${ref.items.length}`);
        return ref;
      },
      items: (bundle: { id: string }, { first }: { first: number }) => itemsOf(bundle.id, first).map(({ sku }) => ({ sku })),
      boxSize: (bundle: { items: ItemRef[] }) =>
        `${bundle.items.length} items, ${bundle.items.reduce((sum, item) => sum + item.weightGrams!, 0)} g`,
    },
  },
};

describe("@requires of a field with arguments", () => {
  let fixture: PlannerFixture;
  beforeAll(async () => {
    fixture = await startPlannerFixture([catalog, shipping]);
  });
  afterAll(async () => {
    await fixture?.stop();
  });

  it("gives the client its items(first: 1) and the requirement its items(first: 3)", async () => {
    const { data, errors } = await fixture.query("{ bundles { id boxSize items(first: 1) { sku } } }");
    expect(errors).toBeUndefined();
    expect(data?.bundles).toEqual([
      { id: "b1", boxSize: "3 items, 2650 g", items: [{ sku: "i1" }] },
      { id: "b2", boxSize: "3 items, 19600 g", items: [{ sku: "i5" }] },
    ]);
  });

  it("plans the requirement under an alias and renames it back in the representations", () => {
    const plan = fixture.plan("{ bundles { boxSize items(first: 1) { sku } } }");
    const fetches = fetchNodes(plan);
    expect(fetches.map((fetch) => fetch.serviceName)).toEqual(["catalog", "shipping", "catalog", "shipping"]);
    const [, itemsFromShipping, , toShipping] = fetches;
    // Fetch operations are printed without ignored characters.
    const alias = /(items__requires_[0-9a-f]{8}):items\(first:3\)/.exec(itemsFromShipping!.operation)?.[1];
    expect(alias).toBeDefined();
    expect(itemsFromShipping!.operation).toContain("items(first:1)");
    expect(JSON.stringify(toShipping!.requires)).toContain(`{"kind":"Field","alias":"${alias}","name":"items"`);
    expect(toShipping!.inputRewrites).toContainEqual({ kind: "KeyRenamer", path: ["... on Bundle", alias], renameKeyTo: "items" });
  });

  it("never asks a subgraph for a field it declares @external (the catalog's Bundle.items)", async () => {
    fixture.clear();
    const { data, errors } = await fixture.query("{ bundles { boxSize } }");
    expect(errors).toBeUndefined();
    expect(data?.bundles).toEqual([{ boxSize: "3 items, 2650 g" }, { boxSize: "3 items, 19600 g" }]);
    const askedCatalog = fixture.received.filter((operation) => operation.subgraph === "catalog");
    expect(askedCatalog.length).toBeGreaterThan(0);
    for (const operation of askedCatalog) expect(operation.query).not.toMatch(/\bitems\b/);
  });

  it("keeps three requirements of one field with three different arguments apart", async () => {
    const { data, errors } = await fixture.query("{ bundles { summary boxSize items(first: 2) { sku } } }");
    expect(errors).toBeUndefined();
    expect(data?.bundles).toEqual([
      { summary: "Tent, Stove, Lamp, Mug", boxSize: "3 items, 2650 g", items: [{ sku: "i1" }, { sku: "i2" }] },
      { summary: "Kayak, Paddle, Vest", boxSize: "3 items, 19600 g", items: [{ sku: "i5" }, { sku: "i6" }] },
    ]);
  });

  it("takes the client's argument from a variable, through fragments too", async () => {
    const viaVariable = await fixture.query("query ($n: Int = 1) { bundles { boxSize items(first: $n) { sku } } }");
    expect(viaVariable.errors).toBeUndefined();
    expect(viaVariable.data?.bundles[1]).toEqual({ boxSize: "3 items, 19600 g", items: [{ sku: "i5" }] });
    const viaFragments = await fixture.query(
      `query ($n: Int!) { bundles { boxSize ...A ...B } }
       fragment A on Bundle { items(first: $n) { sku } }
       fragment B on Bundle { items(first: $n) { sku } }`,
      { n: 2 },
    );
    expect(viaFragments.errors).toBeUndefined();
    expect(viaFragments.data?.bundles[0]).toEqual({ boxSize: "3 items, 2650 g", items: [{ sku: "i1" }, { sku: "i2" }] });
  });

  it("gives the client the same arguments as the requirement without a conflict", async () => {
    const { data, errors } = await fixture.query("{ bundles { boxSize items(first: 3) { sku weightGrams } } }");
    expect(errors).toBeUndefined();
    expect(data?.bundles[0]).toEqual({
      boxSize: "3 items, 2650 g",
      items: [
        { sku: "i1", weightGrams: 2100 },
        { sku: "i2", weightGrams: 400 },
        { sku: "i3", weightGrams: 150 },
      ],
    });
  });
});
