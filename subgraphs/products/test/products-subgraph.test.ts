// The products subgraph over real HTTP: federation fields, product lookup, keyset pagination, search, the stock
// mutations as the orders service calls them, and the router-only credential.
import { randomUUID } from "node:crypto";
import { createLogger } from "@shop/shared/logger";
import { seedProducts } from "@shop/shared/seed-data";
import { callSubgraph, callSubgraphAs, postGraphQL, testEnv } from "@shop/shared/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sumOfSeries } from "../../../test/support/sql-counts.ts";
import { loadConfig, startProductsSubgraph } from "../src/subgraph.ts";

const config = loadConfig(testEnv());
let subgraph: Awaited<ReturnType<typeof startProductsSubgraph>>;
const call = (query: string, variables: Record<string, unknown> = {}, userId: string | null = null) =>
  callSubgraph(subgraph.url, config.serviceKeys, query, variables, userId);

const bySku = (sku: string) => {
  const product = seedProducts.find((candidate) => candidate.sku === sku);
  if (!product) throw new Error(`no seed product ${sku}`);
  return product;
};
const mug = bySku("MUG-001");
const webcam = bySku("WEBCAM-023");
const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";

const PRODUCTS = `query ($first: Int, $after: String, $search: String) {
  products(first: $first, after: $after, search: $search) {
    edges { cursor node { id name } }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
}`;

interface Page {
  edges: Array<{ cursor: string; node: { id: string; name: string } }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}
const page = async (variables: Record<string, unknown>): Promise<Page> => {
  const { data, errors } = await call(PRODUCTS, variables);
  expect(errors).toBeUndefined();
  return data?.products as Page;
};

beforeAll(async () => {
  subgraph = await startProductsSubgraph(config, createLogger("products", "error"));
});
afterAll(() => subgraph?.stop());

describe("federation", () => {
  it("publishes its SDL through _service", async () => {
    const { data } = await call("{ _service { sdl } }");
    expect(data?._service.sdl).toMatch(/type Product\s+@key\(fields: "id"\)/);
    expect(data?._service.sdl).toMatch(/type PageInfo\s+@shareable/);
  });

  it("resolves Product references through _entities, null for unknown and malformed ids", async () => {
    const { data, errors } = await call(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Product { id sku priceCents currency stock inStock } } }`,
      {
        r: [
          { __typename: "Product", id: mug.id },
          { __typename: "Product", id: webcam.id },
          { __typename: "Product", id: UNKNOWN_ID },
          { __typename: "Product", id: "not-a-uuid" },
        ],
      },
    );
    expect(errors).toBeUndefined();
    expect(data?._entities).toEqual([
      { id: mug.id, sku: "MUG-001", priceCents: mug.priceCents, currency: "USD", stock: mug.stock, inStock: true },
      { id: webcam.id, sku: "WEBCAM-023", priceCents: webcam.priceCents, currency: "USD", stock: 0, inStock: false },
      null,
      null,
    ]);
  });
});

describe("product(id)", () => {
  const PRODUCT = `query ($id: ID!) { product(id: $id) { id sku name description priceCents currency stock inStock imageUrl archived } }`;

  it("returns a seeded product with every field", async () => {
    const { data, errors } = await call(PRODUCT, { id: mug.id });
    expect(errors).toBeUndefined();
    expect(data?.product).toEqual({
      id: mug.id,
      sku: mug.sku,
      name: "Analytical Engine Mug",
      description: mug.description,
      priceCents: 1450,
      currency: "USD",
      stock: 120,
      inStock: true,
      imageUrl: "/images/products/mug-001.svg",
      archived: false,
    });
  });

  it("answers null with NOT_FOUND for an unknown id", async () => {
    const { data, errors } = await call(PRODUCT, { id: UNKNOWN_ID });
    expect(data?.product).toBeNull();
    expect(errors?.[0]).toMatchObject({ message: "Product not found", path: ["product"], extensions: { code: "NOT_FOUND" } });
  });

  it("refuses a malformed id with BAD_USER_INPUT", async () => {
    const { data, errors } = await call(PRODUCT, { id: "MUG-001" });
    expect(data?.product).toBeNull();
    expect(errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "id" });
  });
});

describe("products pagination", () => {
  it("walks all 26 seeded products in pages of 5, in name order, with no duplicates or gaps", async () => {
    const seen: string[] = [];
    const sizes: number[] = [];
    let after: string | null = null;
    for (let round = 0; round < 10; round++) {
      const current: Page = await page({ first: 5, after });
      expect(current.totalCount).toBe(26);
      sizes.push(current.edges.length);
      seen.push(...current.edges.map((edge) => edge.node.id));
      expect(current.pageInfo.endCursor).toBe(current.edges.at(-1)?.cursor ?? null);
      if (!current.pageInfo.hasNextPage) break;
      after = current.pageInfo.endCursor;
    }
    expect(sizes).toEqual([5, 5, 5, 5, 5, 1]);
    expect(new Set(seen).size).toBe(26);
    expect([...seen].sort()).toEqual(seedProducts.map((product) => product.id).sort());
    // Same order as one big page: the database's collation decides, consistently for ORDER BY and the cursor comparison.
    const whole = await page({ first: 100 });
    expect(whole.pageInfo).toEqual({ hasNextPage: false, endCursor: whole.edges.at(-1)?.cursor });
    expect(seen).toEqual(whole.edges.map((edge) => edge.node.id));
  });

  it("answers an empty last page after the final cursor", async () => {
    const whole = await page({ first: 100 });
    const after = await page({ first: 5, after: whole.pageInfo.endCursor });
    expect(after).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 26 });
  });

  it("defaults to pages of 20", async () => {
    const first = await page({});
    expect(first.edges).toHaveLength(20);
    expect(first.pageInfo.hasNextPage).toBe(true);
  });

  it("refuses first=0 and first=101 with BAD_USER_INPUT naming first", async () => {
    for (const first of [0, 101, -1]) {
      const { data, errors } = await call(PRODUCTS, { first });
      expect(data).toBeNull();
      expect(errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "first" });
    }
  });

  it("refuses a malformed or tampered cursor with BAD_USER_INPUT naming after", async () => {
    const real = (await page({ first: 1 })).pageInfo.endCursor!;
    const tampered = Buffer.from(JSON.stringify(["Anything", "'; DROP TABLE \"Product\"; --"])).toString("base64url");
    for (const after of ["garbage!", "", real.slice(0, -2), `${real}=`, tampered, Buffer.from("{}").toString("base64url")]) {
      const { data, errors } = await call(PRODUCTS, { after });
      expect(data).toBeNull();
      expect(errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
    }
  });
});

describe("products search", () => {
  it("finds the Analytical Engine Mug by a case-insensitive part of its name", async () => {
    const result = await page({ search: "  MuG " });
    expect(result.edges.map((edge) => edge.node.name)).toEqual(["Analytical Engine Mug"]);
    expect(result.totalCount).toBe(1);
  });

  it("matches descriptions too, counts all matches, and pages through them", async () => {
    // "analytical engine" appears in the mug's name and description and in the book's name and description.
    const expected = seedProducts.filter((p) => `${p.name} ${p.description}`.toLowerCase().includes("engine"));
    const first = await page({ search: "engine", first: 1 });
    expect(first.totalCount).toBe(expected.length);
    expect(first.pageInfo.hasNextPage).toBe(expected.length > 1);
    const rest = await page({ search: "engine", first: 100, after: first.pageInfo.endCursor });
    const names = [...first.edges, ...rest.edges].map((edge) => edge.node.name).sort();
    expect(names).toEqual(expected.map((p) => p.name).sort());
    expect(rest.totalCount).toBe(expected.length);
  });

  it("treats a blank search as no filter and LIKE wildcards as plain text", async () => {
    expect((await page({ search: "   " })).totalCount).toBe(26);
    expect((await page({ search: "%" })).totalCount).toBe(0);
    expect((await page({ search: "_" })).totalCount).toBe(0);
    expect((await page({ search: "\\" })).totalCount).toBe(0);
    expect((await page({ search: "Tube%Lamp" })).totalCount).toBe(0);
  });

  it("refuses a search longer than 100 characters", async () => {
    const { errors } = await call(PRODUCTS, { search: "x".repeat(101) });
    expect(errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "search" });
    expect((await page({ search: ` ${"x".repeat(100)} ` })).totalCount).toBe(0);
  });
});

describe("database guarantees", () => {
  it("refuses negative stock or price even when code asks for it", async () => {
    await expect(subgraph.prisma.product.update({ where: { id: mug.id }, data: { stock: -1 } })).rejects.toThrow();
    await expect(subgraph.prisma.product.update({ where: { id: mug.id }, data: { priceCents: -1 } })).rejects.toThrow();
    const row = await subgraph.prisma.product.findUniqueOrThrow({ where: { id: mug.id } });
    expect({ stock: row.stock, priceCents: row.priceCents }).toEqual({ stock: 120, priceCents: 1450 });
  });

  it("seeds idempotently: a second seed adds nothing", async () => {
    const { seed } = await import("../../../prisma/products/seed.ts");
    await seed(subgraph.prisma);
    expect(await subgraph.prisma.product.count()).toBe(26);
  });
});

describe("stock mutations for the orders service", () => {
  const BUYER = "22222222-2222-4222-8222-222222222222";
  const LINES = "lines { productId quantity unitPriceCents currency }";
  const asOrders = (query: string, variables: Record<string, unknown>) => callSubgraphAs(subgraph.url, config.serviceKeys, "orders", query, variables, BUYER);
  /** The SQL statements one request runs (db_queries_total), with its answer. */
  const statementsOf = async (query: string, variables: Record<string, unknown>) => {
    const counter = async () => sumOfSeries(await (await fetch(new URL("/metrics", subgraph.url))).text(), "db_queries_total");
    const before = await counter();
    const result = await asOrders(query, variables);
    return { result, statements: (await counter()) - before };
  };
  const reserve = `mutation ($orderId: ID!, $items: [StockLineInput!]!) { reserveStock(orderId: $orderId, items: $items) { orderId status ${LINES} } }`;
  const commit = (fields: string) => `mutation ($orderId: ID!) { commitReservation(orderId: $orderId) { ${fields} } }`;
  const release = (fields: string) => `mutation ($orderId: ID!) { releaseReservation(orderId: $orderId) { ${fields} } }`;
  const stocked = seedProducts.filter((product) => product.stock >= 50).slice(0, 2);
  const items = stocked.map((product) => ({ productId: product.id, quantity: 1 }));

  it("reserves with one statement, its lines in the answer", async () => {
    const orderId = randomUUID();
    const { result, statements } = await statementsOf(reserve, { orderId, items });
    expect(result.errors).toBeUndefined();
    expect(result.data?.reserveStock).toMatchObject({ orderId, status: "HELD" });
    expect(result.data?.reserveStock.lines).toHaveLength(2);
    expect(statements).toBe(1);
  });

  it("commits and releases with one statement when only the status is asked, and loads lines only when asked", async () => {
    const [paid, cancelled] = [randomUUID(), randomUUID()];
    for (const orderId of [paid, cancelled]) expect((await asOrders(reserve, { orderId, items })).errors).toBeUndefined();
    const committed = await statementsOf(commit("orderId status"), { orderId: paid });
    expect(committed.result.data?.commitReservation).toEqual({ orderId: paid, status: "COMMITTED" });
    expect(committed.statements).toBe(1);
    const released = await statementsOf(release("orderId status"), { orderId: cancelled });
    expect(released.result.data?.releaseReservation).toEqual({ orderId: cancelled, status: "RELEASED" });
    expect(released.statements).toBe(1);
    // Lines asked for: one more statement, the same lines the reservation took.
    const again = await statementsOf(commit(`orderId status ${LINES}`), { orderId: paid });
    expect(again.result.data?.commitReservation.lines).toEqual(
      stocked.map((product) => ({ productId: product.id, quantity: 1, unitPriceCents: product.priceCents, currency: product.currency })).sort((a, b) => (a.productId < b.productId ? -1 : 1)),
    );
    expect(again.statements).toBe(2);
    const conflict = await statementsOf(commit("orderId status"), { orderId: cancelled });
    expect(conflict.result.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    expect(conflict.statements).toBe(1);
  });
});

describe("router-only access", () => {
  it("refuses a request without a credential, or with a forged one", async () => {
    const plain = await postGraphQL(subgraph.url, "{ products { totalCount } }");
    expect(plain.status).toBe(401);
    expect(plain.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    const forged = await postGraphQL(subgraph.url, "{ products { totalCount } }", {}, { "x-shop-credential": "eyJhbGciOiJub25lIn0.e30." });
    expect(forged.status).toBe(401);
  });
});
