// The catalogue's cache policy: "Load more" pages append to the list of the same search, searches stay apart.
import { gql } from "@apollo/client";
import { describe, expect, it } from "vitest";
import { createCache } from "../src/apollo/cache.ts";
import { CatalogDocument, ProductDocument } from "../src/gql/graphql.ts";

function product(n: number) {
  return {
    __typename: "Product" as const,
    id: `p${n}`,
    sku: `SKU-${n}`,
    name: `Product ${n}`,
    priceCents: 100 * n,
    currency: "USD",
    stock: n,
    inStock: true,
    imageUrl: null,
  };
}

function page(numbers: number[], hasNextPage: boolean, totalCount: number) {
  return {
    products: {
      __typename: "ProductConnection" as const,
      totalCount,
      edges: numbers.map((n) => ({ __typename: "ProductEdge" as const, cursor: `c${n}`, node: product(n) })),
      pageInfo: { __typename: "PageInfo" as const, hasNextPage, endCursor: numbers.length ? `c${numbers.at(-1)}` : null },
    },
  };
}

const names = (data: { products: { edges: Array<{ node: { name: string } }> } } | null) =>
  data?.products.edges.map((edge) => edge.node.name);

describe("products pagination in the cache", () => {
  it("appends the page after the cursor to the list of the same search", () => {
    const cache = createCache();
    cache.writeQuery({ query: CatalogDocument, variables: { search: "", first: 2 }, data: page([1, 2], true, 5) });
    cache.writeQuery({ query: CatalogDocument, variables: { search: "", first: 2, after: "c2" }, data: page([3, 4], true, 5) });

    const merged = cache.readQuery({ query: CatalogDocument, variables: { search: "", first: 2 } });
    expect(names(merged)).toEqual(["Product 1", "Product 2", "Product 3", "Product 4"]);
    expect(merged?.products.pageInfo).toMatchObject({ hasNextPage: true, endCursor: "c4" });
    expect(merged?.products.totalCount).toBe(5);

    cache.writeQuery({ query: CatalogDocument, variables: { search: "", first: 2, after: "c4" }, data: page([5], false, 5) });
    const last = cache.readQuery({ query: CatalogDocument, variables: { search: "", first: 2 } });
    expect(names(last)).toHaveLength(5);
    expect(last?.products.pageInfo.hasNextPage).toBe(false);
  });

  it("keeps each search term's pages separate", () => {
    const cache = createCache();
    cache.writeQuery({ query: CatalogDocument, variables: { search: "", first: 2 }, data: page([1, 2], true, 5) });
    cache.writeQuery({ query: CatalogDocument, variables: { search: "mug", first: 2 }, data: page([3], false, 1) });
    expect(names(cache.readQuery({ query: CatalogDocument, variables: { search: "", first: 2 } }))).toEqual([
      "Product 1",
      "Product 2",
    ]);
    expect(names(cache.readQuery({ query: CatalogDocument, variables: { search: "mug", first: 2 } }))).toEqual(["Product 3"]);
  });

  it("normalizes products, so a product page finds what the catalogue already loaded", () => {
    const cache = createCache();
    cache.writeQuery({ query: CatalogDocument, variables: { search: "", first: 2 }, data: page([1, 2], true, 5) });
    cache.writeFragment({
      id: cache.identify({ __typename: "Product", id: "p2" }),
      fragment: gql`
        fragment Description on Product {
          description
        }
      `,
      data: { description: "Second" },
    });
    const read = cache.readQuery({ query: ProductDocument, variables: { id: "p2" } });
    expect(read?.product).toMatchObject({ id: "p2", name: "Product 2", description: "Second" });
    // Not loaded yet: the cache has nothing, so the page asks the server.
    expect(cache.readQuery({ query: ProductDocument, variables: { id: "p9" } })).toBeNull();
  });
});
