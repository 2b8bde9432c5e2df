// Purging by what changed (cache/entity-reads.ts, SubgraphCache.purgeChanges): an entity fetch that selects none
// of a change's fields, or read other entities, keeps its cached answer; any other fetch goes on every change.
import { Counter, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { affects, entityReadsOf } from "../src/cache/entity-reads.ts";
import { SubgraphCache } from "../src/cache/subgraph-cache.ts";

// As @apollo/gateway writes an entity fetch.
const NAMES = "query Order__products__1($representations:[_Any!]!){_entities(representations:$representations){...on Product{name priceCents}}}";
const STOCK = "query Q__products__1($representations:[_Any!]!){_entities(representations:$representations){...on Product{name stock}}}";
const NESTED = "query Q__products__2($representations:[_Any!]!){_entities(representations:$representations){...on Product{category{name}}}}";
const LIST = "query Q__products__0{products(first:24){edges{node{id name priceCents}}}}";
const reps = (...ids: string[]) => ({ representations: ids.map((id) => ({ __typename: "Product", id })) });
const stockChange = (...ids: string[]) => ({ typename: "Product", ids, fields: ["stock", "inStock"] });

describe("what a cached answer read", () => {
  it("reads an entity fetch's typenames, ids and selected fields; nothing from any other fetch", () => {
    const reads = entityReadsOf(NAMES, reps("p1", "p2"));
    expect(reads).toEqual({ typenames: new Set(["Product"]), ids: new Set(["p1", "p2"]), fields: new Set(["name", "priceCents"]), nested: false });
    expect(entityReadsOf(LIST, undefined)).toBeUndefined();
    expect(entityReadsOf(NAMES, { representations: [{ __typename: "Product", sku: "MUG" }] })?.ids).toBeNull();
    expect(entityReadsOf("not graphql {", {})).toBeUndefined();
  });

  it("a stock change affects answers that selected stock, and no entity fetch of names and prices", () => {
    expect(affects(stockChange("p1"), entityReadsOf(NAMES, reps("p1")))).toBe(false);
    expect(affects(stockChange("p1"), entityReadsOf(STOCK, reps("p1")))).toBe(true);
    expect(affects(stockChange("p9"), entityReadsOf(STOCK, reps("p1")))).toBe(false); // other products
    expect(affects({ typename: "User", ids: ["p1"], fields: null }, entityReadsOf(STOCK, reps("p1")))).toBe(false);
    expect(affects({ ...stockChange("p1"), fields: null }, entityReadsOf(NAMES, reps("p1")))).toBe(true); // any field
    expect(affects(stockChange("p1"), undefined)).toBe(true); // a list: always
    // Nested objects may be entities of any type: only the field names decide.
    expect(affects({ typename: "Category", ids: ["c1"], fields: ["name"] }, entityReadsOf(NESTED, reps("p1")))).toBe(true);
    expect(affects({ typename: "Category", ids: ["c1"], fields: ["slug"] }, entityReadsOf(NESTED, reps("p1")))).toBe(false);
  });

  it("purgeChanges drops only what the change affects, and starts a new generation", () => {
    const registers = [new Registry()];
    const cache = new SubgraphCache(
      100,
      {
        lookups: new Counter({ name: "lookups", help: "-", labelNames: ["subgraph", "result"], registers }),
        purges: new Counter({ name: "purges", help: "-", labelNames: ["reason"], registers }),
      },
      () => true,
    );
    const hint = { maxAge: 60, scope: "PUBLIC" as const };
    const store = (key: string, query: string, variables?: Record<string, unknown>) => cache.set(key, "{}", hint, false, cache.epoch, () => entityReadsOf(query, variables));
    store("names", NAMES, reps("p1"));
    store("stock", STOCK, reps("p1"));
    store("other-stock", STOCK, reps("p2"));
    store("list", LIST);
    const epoch = cache.epoch;
    expect(cache.purgeChanges([stockChange("p1")])).toBe(2);
    expect(cache.epoch).toBe(epoch + 1);
    expect(cache.get("products", "names")).toBeDefined();
    expect(cache.get("products", "other-stock")).toBeDefined();
    expect(cache.get("products", "stock")).toBeUndefined();
    expect(cache.get("products", "list")).toBeUndefined();
  });
});
