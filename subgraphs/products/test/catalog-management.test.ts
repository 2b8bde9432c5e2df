// Staff manage the catalogue through the products subgraph over real HTTP, on PGlite and (with TEST_POSTGRES_URL)
// PostgreSQL: create, update, adjust stock and archive, each refusal with nothing written, the scope checked again
// in the subgraph (a signed credential without catalog:write is refused), an audit row per change and a change
// feed entry naming the fields changed; archived products leave the catalogue but still resolve.
import { randomUUID } from "node:crypto";
import { createLogger } from "@shop/shared/logger";
import { SCOPES } from "@shop/shared/scopes";
import { seedProducts, seedUsers } from "@shop/shared/seed-data";
import type { ServiceKeys } from "@shop/shared/service-keys";
import { callSubgraph, testEnv } from "@shop/shared/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends, createDatabases, type TestDatabases } from "../../../test/support/databases.ts";
import { seed } from "../../../prisma/products/seed.ts";
import { readProductChanges } from "../src/domain/change-feed.ts";
import { reserveStock } from "../src/domain/stock.ts";
import { loadConfig, startProductsSubgraph } from "../src/subgraph.ts";

const STAFF = seedUsers.find((user) => user.email === "staff@example.com")!.id;
const CUSTOMER = seedUsers.find((user) => user.email === "ada@example.com")!.id;
const BUYER = "11111111-1111-4111-8111-111111111111";
const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";
const mug = seedProducts.find((product) => product.sku === "MUG-001")!;

const PRODUCT_FIELDS = "id sku name description priceCents currency stock inStock imageUrl archived";
const CREATE = `mutation ($input: CreateProductInput!) { createProduct(input: $input) { ${PRODUCT_FIELDS} } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateProductInput!) { updateProduct(id: $id, input: $input) { ${PRODUCT_FIELDS} } }`;
const ADJUST = `mutation ($id: ID!, $delta: Int!, $reason: String!) { adjustStock(id: $id, delta: $delta, reason: $reason) { id stock inStock } }`;
const ARCHIVE = `mutation ($id: ID!) { archiveProduct(id: $id) { id archived } }`;
const SEARCH = `query ($search: String) { products(first: 100, search: $search) { edges { node { id } } totalCount } }`;

const newInput = (overrides: Record<string, unknown> = {}) => ({
  sku: `NEW-${randomUUID().slice(0, 8).toUpperCase()}`,
  name: `Test product ${randomUUID().slice(0, 8)}`,
  description: "A product made by a test.",
  priceCents: 1999,
  currency: "USD",
  stock: 10,
  imageUrl: "/images/products/mug-001.svg",
  ...overrides,
});

describe.each(backends)("catalogue management on %s", (backend) => {
  let databases: TestDatabases;
  let subgraph: Awaited<ReturnType<typeof startProductsSubgraph>>;
  let keys: ServiceKeys;

  beforeAll(async () => {
    databases = await createDatabases(backend);
    const config = loadConfig(testEnv({ DATABASE_URL: databases.urls.products }));
    keys = config.serviceKeys;
    subgraph = await startProductsSubgraph(config, createLogger("products", "error"));
  });
  afterAll(async () => {
    await subgraph?.stop();
    await databases?.drop();
  });

  const asStaff = (query: string, variables: Record<string, unknown>) => callSubgraph(subgraph.url, keys, query, variables, STAFF, [SCOPES.catalogWrite]);
  const created = async (overrides: Record<string, unknown> = {}) => {
    const { data, errors } = await asStaff(CREATE, { input: newInput(overrides) });
    expect(errors).toBeUndefined();
    return data!.createProduct as { id: string; sku: string; name: string; stock: number; priceCents: number };
  };
  const audits = (productId: string) => subgraph.prisma.productAudit.findMany({ where: { productId }, orderBy: { id: "asc" } });
  const feedAfter = async (cursor: string) => (await readProductChanges(subgraph.prisma, cursor)).changes;
  const head = async () => (await readProductChanges(subgraph.prisma, null)).cursor;
  /** Every table a refused change must leave alone. */
  const snapshot = async () => ({
    products: await subgraph.prisma.product.findMany({ orderBy: { id: "asc" } }),
    audits: await subgraph.prisma.productAudit.count(),
    changes: await subgraph.prisma.productChange.count(),
  });

  describe("createProduct", () => {
    it("adds a product to the catalogue, with who made it, and tells the change feed (any field)", async () => {
      const cursor = await head();
      const input = newInput({ name: "  Babbage Bookends  " });
      const { data, errors } = await asStaff(CREATE, { input });
      expect(errors).toBeUndefined();
      const product = data!.createProduct;
      expect(product).toEqual({
        id: expect.any(String),
        sku: input.sku,
        name: "Babbage Bookends",
        description: input.description,
        priceCents: 1999,
        currency: "USD",
        stock: 10,
        inStock: true,
        imageUrl: "/images/products/mug-001.svg",
        archived: false,
      });
      const [audit, ...more] = await audits(product.id);
      expect(more).toEqual([]);
      expect(audit).toMatchObject({ actorId: STAFF, action: "CREATE", details: { sku: input.sku, name: "Babbage Bookends", priceCents: 1999, stock: 10 } });
      expect(await feedAfter(cursor)).toEqual([{ ids: [product.id], fields: null }]);
      const found = await asStaff(SEARCH, { search: "Babbage Bookends" });
      expect(found.data?.products).toEqual({ edges: [{ node: { id: product.id } }], totalCount: 1 });
    });

    it("refuses each invalid field with BAD_USER_INPUT naming it, writing nothing", async () => {
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ sku: "mug-lower" }, "sku"],
        [{ sku: "A" }, "sku"],
        [{ sku: "TWO--HYPHENS" }, "sku"],
        [{ sku: `X${"Y".repeat(32)}` }, "sku"],
        [{ name: "   " }, "name"],
        [{ name: "n".repeat(101) }, "name"],
        [{ description: "" }, "description"],
        [{ description: "d".repeat(2001) }, "description"],
        [{ priceCents: 0 }, "priceCents"],
        [{ priceCents: -5 }, "priceCents"],
        [{ priceCents: 400_001 }, "priceCents"],
        [{ currency: "usd" }, "currency"],
        [{ currency: "XYZ" }, "currency"],
        [{ currency: "EUR" }, "currency"],
        [{ stock: -1 }, "stock"],
        [{ stock: 1_000_001 }, "stock"],
        [{ imageUrl: "http://example.com/a.png" }, "imageUrl"],
        [{ imageUrl: "javascript:alert(1)" }, "imageUrl"],
        [{ imageUrl: "/images/../secrets" }, "imageUrl"],
        [{ imageUrl: "/assets/a.png" }, "imageUrl"],
        [{ imageUrl: "https://user:pw@example.com/a.png" }, "imageUrl"],
        [{ imageUrl: `https://example.com/${"a".repeat(500)}.png` }, "imageUrl"],
      ];
      const before = await snapshot();
      for (const [overrides, field] of cases) {
        const { data, errors } = await asStaff(CREATE, { input: newInput(overrides) });
        expect(data, JSON.stringify(overrides)).toBeNull();
        expect(errors?.[0]?.extensions, JSON.stringify(overrides)).toMatchObject({ code: "BAD_USER_INPUT", field });
      }
      expect(await snapshot()).toEqual(before);
    });

    it("explains a currency other than the catalogue's, and refuses a taken sku with CONFLICT", async () => {
      const euro = await asStaff(CREATE, { input: newInput({ currency: "EUR" }) });
      expect(euro.errors?.[0]).toMatchObject({ message: expect.stringContaining("USD"), extensions: { code: "BAD_USER_INPUT", shopCurrency: "USD" } });
      const before = await snapshot();
      const taken = await asStaff(CREATE, { input: newInput({ sku: "MUG-001" }) });
      expect(taken.data).toBeNull();
      expect(taken.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", field: "sku" });
      expect(await snapshot()).toEqual(before);
    });

    it("accepts an https image and no image", async () => {
      const remote = await asStaff(CREATE, { input: newInput({ imageUrl: "https://images.example.com/lamp.png" }) });
      expect(remote.data?.createProduct.imageUrl).toBe("https://images.example.com/lamp.png");
      const none = await asStaff(CREATE, { input: newInput({ imageUrl: null }) });
      expect(none.data?.createProduct.imageUrl).toBeNull();
    });
  });

  describe("updateProduct", () => {
    it("changes only the fields given, records before and after, and names them in the change feed", async () => {
      const product = await created();
      const cursor = await head();
      const { data, errors } = await asStaff(UPDATE, { id: product.id, input: { priceCents: 2499, name: "Renamed" } });
      expect(errors).toBeUndefined();
      expect(data?.updateProduct).toMatchObject({ id: product.id, sku: product.sku, name: "Renamed", priceCents: 2499, stock: 10 });
      const history = await audits(product.id);
      expect(history.map((row) => row.action)).toEqual(["CREATE", "UPDATE"]);
      expect(history[1]).toMatchObject({
        actorId: STAFF,
        details: { before: { name: product.name, priceCents: 1999 }, after: { name: "Renamed", priceCents: 2499 } },
      });
      expect(history[1]!.createdAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
      const changes = await feedAfter(cursor);
      expect(changes).toHaveLength(1);
      expect(changes[0]!.ids).toEqual([product.id]);
      expect([...changes[0]!.fields!].sort()).toEqual(["name", "priceCents"]);
    });

    it("removes the image with imageUrl: null", async () => {
      const product = await created();
      const { data } = await asStaff(UPDATE, { id: product.id, input: { imageUrl: null } });
      expect(data?.updateProduct.imageUrl).toBeNull();
    });

    it("refuses an empty update, a removed required field, bad values and unknown ids, writing nothing", async () => {
      const product = await created();
      const before = await snapshot();
      const refusals: Array<[Record<string, unknown>, string]> = [
        [{ id: product.id, input: {} }, "BAD_USER_INPUT"],
        [{ id: product.id, input: { name: null } }, "BAD_USER_INPUT"],
        [{ id: product.id, input: { priceCents: 0 } }, "BAD_USER_INPUT"],
        [{ id: product.id, input: { description: "x".repeat(2001) } }, "BAD_USER_INPUT"],
        [{ id: product.id, input: { imageUrl: "ftp://example.com/x.png" } }, "BAD_USER_INPUT"],
        [{ id: "not-a-uuid", input: { priceCents: 100 } }, "BAD_USER_INPUT"],
        [{ id: UNKNOWN_ID, input: { priceCents: 100 } }, "NOT_FOUND"],
      ];
      for (const [variables, code] of refusals) {
        const { data, errors } = await asStaff(UPDATE, variables);
        expect(data, JSON.stringify(variables)).toBeNull();
        expect(errors?.[0]?.extensions?.code, JSON.stringify(variables)).toBe(code);
      }
      expect(await snapshot()).toEqual(before);
    });
  });

  describe("adjustStock", () => {
    it("restocks and writes off, recording delta, reason and the stock before and after", async () => {
      const product = await created({ stock: 3 });
      const cursor = await head();
      expect((await asStaff(ADJUST, { id: product.id, delta: 7, reason: "Delivery from the workshop" })).data?.adjustStock).toEqual({ id: product.id, stock: 10, inStock: true });
      expect((await asStaff(ADJUST, { id: product.id, delta: -10, reason: "Water damage" })).data?.adjustStock).toEqual({ id: product.id, stock: 0, inStock: false });
      const history = (await audits(product.id)).slice(1);
      expect(history).toMatchObject([
        { action: "ADJUST_STOCK", actorId: STAFF, details: { delta: 7, reason: "Delivery from the workshop", before: 3, after: 10 } },
        { action: "ADJUST_STOCK", actorId: STAFF, details: { delta: -10, reason: "Water damage", before: 10, after: 0 } },
      ]);
      expect(await feedAfter(cursor)).toEqual([{ ids: [product.id], fields: ["stock", "inStock"] }]);
    });

    it("never writes off units that open reservations hold: CONFLICT with the numbers, nothing written", async () => {
      const product = await created({ stock: 10 });
      await reserveStock(subgraph.prisma, BUYER, randomUUID(), [{ productId: product.id, quantity: 6 }]);
      const before = await snapshot();
      const { data, errors } = await asStaff(ADJUST, { id: product.id, delta: -5, reason: "Stocktake" });
      expect(data).toBeNull();
      expect(errors?.[0]).toMatchObject({
        message: "Cannot write off 5 units: only 4 are available (6 more are held by open reservations and cannot be written off)",
        extensions: { code: "CONFLICT", available: 4, held: 6, delta: -5 },
      });
      expect(await snapshot()).toEqual(before);
      // All that is available may go; the held units stay held.
      expect((await asStaff(ADJUST, { id: product.id, delta: -4, reason: "Stocktake" })).data?.adjustStock.stock).toBe(0);
      const reservation = await subgraph.prisma.reservationLine.findFirstOrThrow({ where: { productId: product.id } });
      expect(reservation.quantity).toBe(6);
    });

    it("refuses a zero or oversized delta, an empty reason and unknown products, writing nothing", async () => {
      const product = await created();
      const before = await snapshot();
      const refusals: Array<[Record<string, unknown>, string, string?]> = [
        [{ id: product.id, delta: 0, reason: "Nothing" }, "BAD_USER_INPUT", "delta"],
        [{ id: product.id, delta: 1_000_001, reason: "Too many" }, "BAD_USER_INPUT", "delta"],
        [{ id: product.id, delta: 999_995, reason: "Past the ceiling" }, "BAD_USER_INPUT", "delta"],
        [{ id: product.id, delta: 1, reason: "  " }, "BAD_USER_INPUT", "reason"],
        [{ id: product.id, delta: 1, reason: "r".repeat(201) }, "BAD_USER_INPUT", "reason"],
        [{ id: UNKNOWN_ID, delta: 1, reason: "Restock" }, "NOT_FOUND"],
      ];
      for (const [variables, code, field] of refusals) {
        const { data, errors } = await asStaff(ADJUST, variables);
        expect(data, JSON.stringify(variables)).toBeNull();
        expect(errors?.[0]?.extensions, JSON.stringify(variables)).toMatchObject(field ? { code, field } : { code });
      }
      expect(await snapshot()).toEqual(before);
    });
  });

  describe("archiveProduct", () => {
    it("takes a product out of the catalogue and search, refuses to reserve it, and still resolves it by id and as an entity", async () => {
      const product = await created({ name: "Archivable Abacus" });
      const cursor = await head();
      const total = async () => (await asStaff(SEARCH, {})).data?.products.totalCount as number;
      const totalBefore = await total();
      expect((await asStaff(ARCHIVE, { id: product.id })).data?.archiveProduct).toEqual({ id: product.id, archived: true });
      expect(await feedAfter(cursor)).toEqual([{ ids: [product.id], fields: ["archived"] }]);

      expect((await asStaff(SEARCH, { search: "Archivable Abacus" })).data?.products).toEqual({ edges: [], totalCount: 0 });
      expect(await total()).toBe(totalBefore - 1);
      const byId = await asStaff(`query ($id: ID!) { product(id: $id) { id name archived } }`, { id: product.id });
      expect(byId.data?.product).toEqual({ id: product.id, name: "Archivable Abacus", archived: true });
      const entity = await asStaff(`query ($r: [_Any!]!) { _entities(representations: $r) { ... on Product { id priceCents archived } } }`, {
        r: [{ __typename: "Product", id: product.id }],
      });
      expect(entity.data?._entities).toEqual([{ id: product.id, priceCents: 1999, archived: true }]);

      await expect(reserveStock(subgraph.prisma, BUYER, randomUUID(), [{ productId: product.id, quantity: 1 }])).rejects.toMatchObject({
        extensions: { code: "NOT_FOUND", productId: product.id },
      });
      expect((await subgraph.prisma.product.findUniqueOrThrow({ where: { id: product.id } })).stock).toBe(10);
    });

    it("records the archive once: archiving again answers the product unchanged and writes nothing", async () => {
      const product = await created();
      await asStaff(ARCHIVE, { id: product.id });
      const before = await snapshot();
      expect((await asStaff(ARCHIVE, { id: product.id })).data?.archiveProduct).toEqual({ id: product.id, archived: true });
      expect(await snapshot()).toEqual(before);
      expect((await audits(product.id)).map((row) => row.action)).toEqual(["CREATE", "ARCHIVE"]);
      expect((await asStaff(ARCHIVE, { id: UNKNOWN_ID })).errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    });
  });

  describe("Product.history", () => {
    const HISTORY = `query ($id: ID!) { product(id: $id) { id name history { action actorId createdAt details } } }`;

    it("shows staff every change, oldest first, with who and when; never cacheable", async () => {
      const product = await created({ stock: 2 });
      await asStaff(UPDATE, { id: product.id, input: { priceCents: 2500 } });
      await asStaff(ADJUST, { id: product.id, delta: 3, reason: "Restock" });
      await asStaff(ARCHIVE, { id: product.id });
      const read = await asStaff(HISTORY, { id: product.id });
      expect(read.errors).toBeUndefined();
      expect(read.headers.get("cache-control")).toBe("no-store");
      const history = read.data?.product.history as Array<{ action: string; actorId: string; createdAt: string; details: string }>;
      expect(history.map((entry) => [entry.action, entry.actorId])).toEqual([
        ["CREATE", STAFF],
        ["UPDATE", STAFF],
        ["ADJUST_STOCK", STAFF],
        ["ARCHIVE", STAFF],
      ]);
      expect(JSON.parse(history[1]!.details)).toEqual({ before: { priceCents: 1999 }, after: { priceCents: 2500 } });
      expect(JSON.parse(history[2]!.details)).toEqual({ delta: 3, reason: "Restock", before: 2, after: 5 });
      for (const entry of history) expect(new Date(entry.createdAt).toISOString()).toBe(entry.createdAt);
    });

    it("is null with FORBIDDEN for a customer and UNAUTHENTICATED for anonymous, the rest of the product still served", async () => {
      const product = await created();
      const customer = await callSubgraph(subgraph.url, keys, HISTORY, { id: product.id }, CUSTOMER, []);
      expect(customer.data?.product).toEqual({ id: product.id, name: product.name, history: null });
      expect(customer.errors?.[0]).toMatchObject({ path: ["product", "history"], extensions: { code: "FORBIDDEN" } });
      const anonymous = await callSubgraph(subgraph.url, keys, HISTORY, { id: product.id }, null);
      expect(anonymous.data?.product).toEqual({ id: product.id, name: product.name, history: null });
      expect(anonymous.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    });
  });

  describe("seeded images", () => {
    it("seeds every product with its shipped picture, and gives one to a demo product seeded before images, never replacing a chosen one", async () => {
      const seeded = await subgraph.prisma.product.findMany({ where: { sku: { in: seedProducts.map((product) => product.sku) } } });
      expect(seeded.map((product) => [product.sku, product.imageUrl]).sort()).toEqual(seedProducts.map((product) => [product.sku, product.imageUrl]).sort());
      const [older, chosen] = seedProducts.filter((product) => product.sku !== mug.sku);
      await subgraph.prisma.product.update({ where: { id: older!.id }, data: { imageUrl: null } });
      await subgraph.prisma.product.update({ where: { id: chosen!.id }, data: { imageUrl: "https://images.example.com/chosen.png" } });
      await seed(subgraph.prisma);
      expect((await subgraph.prisma.product.findUniqueOrThrow({ where: { id: older!.id } })).imageUrl).toBe(older!.imageUrl);
      expect((await subgraph.prisma.product.findUniqueOrThrow({ where: { id: chosen!.id } })).imageUrl).toBe("https://images.example.com/chosen.png");
    });
  });

  describe("who may manage the catalogue (checked again in the subgraph)", () => {
    const attempts: Array<[string, string, Record<string, unknown>]> = [
      ["createProduct", CREATE, { input: newInput() }],
      ["updateProduct", UPDATE, { id: mug.id, input: { priceCents: 1 } }],
      ["adjustStock", ADJUST, { id: mug.id, delta: -100, reason: "Sabotage" }],
      ["archiveProduct", ARCHIVE, { id: mug.id }],
    ];

    it.each(attempts)("%s: anonymous is UNAUTHENTICATED; a customer, or staff without catalog:write, is FORBIDDEN; nothing changes", async (_, query, variables) => {
      const before = await snapshot();
      const anonymous = await callSubgraph(subgraph.url, keys, query, variables, null);
      expect(anonymous.data).toBeNull();
      expect(anonymous.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      const customer = await callSubgraph(subgraph.url, keys, query, variables, CUSTOMER, []);
      expect(customer.data).toBeNull();
      expect(customer.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      const otherStaff = await callSubgraph(subgraph.url, keys, query, variables, STAFF, [SCOPES.ordersManage, SCOPES.paymentsRefund]);
      expect(otherStaff.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      expect(await snapshot()).toEqual(before);
    });
  });
});
