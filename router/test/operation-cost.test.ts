// The list-size-aware cost estimate: `first:` (literal, variable or default) and unbounded lists multiply
// everything below them; a connection's `first:` sizes its edges, not the connection.
import { readFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "@shop/shared/paths";
import { buildSchema, type FragmentDefinitionNode, Kind, type OperationDefinitionNode, parse } from "graphql";
import { describe, expect, it } from "vitest";
import { demandDirectives } from "../src/limits/demand-directives.ts";
import { estimateObjects, type OperationLimits } from "../src/plugins/limits.ts";

const schema = buildSchema(`
  type Query { products(first: Int = 20): ProductConnection! me: User }
  type ProductConnection { edges: [ProductEdge!]! pageInfo: PageInfo! totalCount: Int! }
  type ProductEdge { node: Product! cursor: String! }
  type PageInfo { hasNextPage: Boolean! }
  type Product { id: ID! name: String! }
  type User { orders: [Order!]! }
  type Order { items: [OrderItem!]! payment: Payment }
  type OrderItem { product: Product! quantity: Int! }
  type Payment { status: String! }
`);
const limits: OperationLimits = {
  maxTokens: 5000, maxDepth: 10, maxAliases: 15, maxDirectives: 50, maxRootFields: 20, maxPageSize: 100, maxCost: 5000, defaultListSize: 10,
};

function estimate(query: string, variables: Record<string, unknown> = {}) {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
  );
  return estimateObjects(schema, operation, fragments, variables, limits);
}

describe("estimated objects", () => {
  it("sizes a connection's edges by first:, from a literal, a variable or the default", () => {
    expect(estimate(`{ products(first: 100) { edges { node { id } } pageInfo { hasNextPage } } }`)).toBe(1 + 100 + 100 + 1);
    expect(estimate(`query ($n: Int) { products(first: $n) { edges { node { id } } } }`, { n: 5 })).toBe(1 + 5 + 5);
    expect(estimate(`{ products { edges { node { id } } } }`)).toBe(1 + 20 + 20);
  });

  it("multiplies nested unbounded lists by the default list size, through fragments", () => {
    const query = `{ me { orders { ...O } } } fragment O on Order { items { product { name } } payment { status } }`;
    // me 1, orders 10, items 100, product 100, payment 10
    expect(estimate(query)).toBe(1 + 10 + 100 + 100 + 10);
  });

  it("refuses a first: above the page size", () => {
    expect(() => estimate(`{ products(first: 1000000) { totalCount } }`)).toThrow(/at most 100/);
    expect(() => estimate(`query ($n: Int) { products(first: $n) { totalCount } }`, { n: 101 })).toThrow(/at most 100/);
  });
});

describe("cost from the supergraph's @cost and @listSize (as Apollo Router's demand control)", () => {
  const supergraphSdl = readFileSync(path.join(repoRoot, "supergraph.graphql"), "utf8");
  const supergraph = buildSchema(supergraphSdl, { assumeValidSDL: true });
  const directives = demandDirectives(supergraphSdl);
  const cost = (query: string, variables: Record<string, unknown> = {}) => {
    const document = parse(query);
    const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
    const fragments = new Map(
      document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
    );
    return estimateObjects(supergraph, operation, fragments, variables, limits, directives);
  };

  it("reads the directives composition put on the supergraph", () => {
    expect(directives.listSize.get("Order.items")).toMatchObject({ assumedSize: 50 });
    expect(directives.listSize.get("User.orders")).toMatchObject({ assumedSize: 20 });
    expect(directives.listSize.get("Query.products")).toMatchObject({ slicingArguments: ["first"], sizedFields: ["edges"], requireOneSlicingArgument: false });
    expect(directives.fieldCost.get("ProductConnection.totalCount")).toBe(5);
    expect(directives.argumentCost.get("Query.products(search)")).toBe(10);
  });

  it("sizes lists by @listSize, weighs fields and arguments by @cost, and adds a mutation's base cost", () => {
    // orders 20 x (order 1 + items 50 x (item 1 + product 1))
    expect(cost(`{ me { orders { id items { quantity product { name } } } } }`)).toBe(1 + 20 * (1 + 50 * 2));
    // products 1 + totalCount 5 + search 10 + edges first x (edge 1 + node 1)
    expect(cost(`query ($n: Int) { products(first: $n, search: "a") { totalCount edges { node { id } } } }`, { n: 30 })).toBe(1 + 5 + 10 + 30 * 2);
    expect(cost(`{ me { orderHistory { edges { node { id } } } } }`)).toBe(1 + 1 + 20 * 2);
    expect(cost(`mutation { cancelOrder(orderId: "x") { id } }`)).toBe(10 + 1);
  });

  it("refuses the 32 MB query (aliased order histories with their lines) and lets every storefront operation through", () => {
    const aliases = Array.from({ length: 15 }, (_, i) => `a${i}: orders { id items { quantity unitPriceCents product { name description } } }`);
    expect(cost(`{ me { ${aliases.join(" ")} } }`)).toBeGreaterThan(limits.maxCost);
    const manifest = JSON.parse(readFileSync(path.join(repoRoot, "storefront", "persisted-query-manifest.json"), "utf8"));
    for (const operation of manifest.operations as Array<{ name: string; body: string }>) {
      expect({ name: operation.name, under: cost(operation.body, { first: 24 }) <= limits.maxCost }).toEqual({ name: operation.name, under: true });
    }
  });
});
