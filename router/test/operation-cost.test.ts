// The list-size-aware cost estimate: `first:` (literal, variable or default) and unbounded lists multiply
// everything below them; a connection's `first:` sizes its edges, not the connection.
import { buildSchema, type FragmentDefinitionNode, Kind, type OperationDefinitionNode, parse } from "graphql";
import { describe, expect, it } from "vitest";
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
