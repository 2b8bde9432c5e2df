// Staff catalogue changes at the domain level, on PGlite and (with TEST_POSTGRES_URL) PostgreSQL, where concurrent
// calls really race: one SQL statement per change, a write-off racing buyers never takes a unit a reservation
// holds (and the stock never goes below zero), two creations of one sku make one product, and every change that
// happened has exactly its audit row and its change-feed row.
import { randomUUID } from "node:crypto";
import type { Caller } from "@shop/shared/identity";
import { SCOPES } from "@shop/shared/scopes";
import type { ServiceDatabase } from "@shop/shared/service-database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends, createDatabases, type TestDatabases } from "../../../test/support/databases.ts";
import type { PrismaClient } from "../src/__generated__/prisma/client.ts";
import { adjustStock, archiveProduct, createProduct, updateProduct } from "../src/domain/catalog-management.ts";
import { releaseReservation, reserveStock } from "../src/domain/stock.ts";
import { openProductsDatabase } from "./support/products-database.ts";

const STAFF: Caller = { issuer: "router", userId: "22222222-2222-4222-8222-222222222222", scopes: [SCOPES.catalogWrite] };
const BUYER = "11111111-1111-4111-8111-111111111111";
const code = (error: unknown) => (error as { extensions?: { code?: string } }).extensions?.code;
const settled = <T>(promise: Promise<T>) => promise.then((value) => ({ value, error: undefined }), (error: unknown) => ({ value: undefined, error }));

describe.each(backends)("catalogue changes under concurrency on %s", (backend) => {
  let databases: TestDatabases;
  let database: ServiceDatabase<PrismaClient>;
  let prisma: PrismaClient;
  let statements = 0;

  beforeAll(async () => {
    databases = await createDatabases(backend);
    database = await openProductsDatabase(databases.urls.products);
    prisma = database.prisma;
    database.onQuery(() => statements++);
  });
  afterAll(async () => {
    await database?.close();
    await databases?.drop();
  });

  const input = (sku = `RACE-${randomUUID().slice(0, 8).toUpperCase()}`, stock = 10) => ({
    sku,
    name: `Race ${sku}`,
    description: "For a test",
    priceCents: 1000,
    currency: "USD",
    stock,
    imageUrl: null,
  });
  const counted = async (run: () => Promise<unknown>) => {
    const before = statements;
    await run();
    return statements - before;
  };

  it("makes each change with one statement", async () => {
    let id = "";
    expect(await counted(async () => (id = (await createProduct(prisma, STAFF, input())).id))).toBe(1);
    expect(await counted(() => updateProduct(prisma, STAFF, id, { priceCents: 1200, name: "Renamed" }))).toBe(1);
    expect(await counted(() => adjustStock(prisma, STAFF, id, 5, "Restock"))).toBe(1);
    expect(await counted(() => archiveProduct(prisma, STAFF, id))).toBe(1);
    expect(await prisma.productAudit.count({ where: { productId: id } })).toBe(4);
    expect(await prisma.productChange.count({ where: { productId: id } })).toBe(4);
  });

  it("never writes off units that concurrent buyers hold, and never goes below zero", async () => {
    for (let round = 0; round < 3; round++) {
      const { id } = await createProduct(prisma, STAFF, input(undefined, 10));
      const orders = Array.from({ length: 5 }, () => randomUUID());
      // Five buyers of 2 units each race three write-offs of 4: whatever the order, units sold + written off <= 10.
      const results = await Promise.all([
        ...orders.map((orderId) => settled(reserveStock(prisma, BUYER, orderId, [{ productId: id, quantity: 2 }]))),
        ...[0, 1, 2].map(() => settled(adjustStock(prisma, STAFF, id, -4, "Shrinkage"))),
      ]);
      const reserved = results.slice(0, 5).filter((result) => !result.error).length * 2;
      const writeOffs = results.slice(5).filter((result) => !result.error).length * 4;
      for (const { error } of results) if (error) expect(["INSUFFICIENT_STOCK", "CONFLICT"]).toContain(code(error));
      const { stock } = await prisma.product.findUniqueOrThrow({ where: { id } });
      expect(stock).toBe(10 - reserved - writeOffs);
      expect(stock).toBeGreaterThanOrEqual(0);
      // Every held unit can still be given back: releasing every order restores exactly what was reserved.
      for (const orderId of orders) await releaseReservation(prisma, BUYER, orderId);
      expect((await prisma.product.findUniqueOrThrow({ where: { id } })).stock).toBe(10 - writeOffs);
      expect(await prisma.productAudit.count({ where: { productId: id, action: "ADJUST_STOCK" } })).toBe(writeOffs / 4);
    }
  });

  it("creates one product when the same sku is created twice at once; the other is CONFLICT and writes nothing", async () => {
    const sku = `TWIN-${randomUUID().slice(0, 8).toUpperCase()}`;
    const results = await Promise.all([0, 1, 2].map(() => settled(createProduct(prisma, STAFF, input(sku)))));
    expect(results.filter((result) => !result.error)).toHaveLength(1);
    for (const { error } of results.filter((result) => result.error)) expect(code(error)).toBe("CONFLICT");
    const [product, ...others] = await prisma.product.findMany({ where: { sku } });
    expect(others).toEqual([]);
    expect(await prisma.productAudit.count({ where: { productId: product!.id } })).toBe(1);
    expect(await prisma.productChange.count({ where: { productId: product!.id } })).toBe(1);
  });
});
