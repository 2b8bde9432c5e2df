// Stock reservations at the domain level, on PGlite and (with TEST_POSTGRES_URL) PostgreSQL, where concurrent
// calls really race: one SQL statement per call whatever the number of lines, answers equal to what the tables
// hold, no overselling, one winner between a commit and a release, no deadlock, and a change feed whose ids
// become visible in id order while writers run concurrently.
import { randomUUID } from "node:crypto";
import type { ServiceDatabase } from "@shop/shared/service-database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends, createDatabases, type TestDatabases } from "../../../test/support/databases.ts";
import type { PrismaClient } from "../src/__generated__/prisma/client.ts";
import { commitReservation, releaseReservation, reserveStock, returnStock, type StockLine } from "../src/domain/stock.ts";
import { openProductsDatabase } from "./support/products-database.ts";

const USER = "11111111-1111-4111-8111-111111111111";
const code = (error: unknown) => (error as { extensions?: { code?: string } }).extensions?.code;
/** The error a rejected promise carried, or undefined when it fulfilled. */
const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);

describe.each(backends)("stock reservations on %s", (backend) => {
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

  const newProduct = (stock: number, currency = "USD") =>
    prisma.product.create({ data: { sku: `RES-${randomUUID()}`, name: `Reserved ${randomUUID().slice(0, 8)}`, description: "For a test", priceCents: 700, currency, stock } });
  const stockOf = async (id: string) => (await prisma.product.findUniqueOrThrow({ where: { id } })).stock;
  /** How many SQL statements `run` sends (it may throw). */
  async function counted<T>(run: () => Promise<T>): Promise<{ statements: number; result: T | undefined; error: unknown }> {
    const before = statements;
    try {
      const result = await run();
      return { statements: statements - before, result, error: undefined };
    } catch (error) {
      return { statements: statements - before, result: undefined, error };
    }
  }

  it("reserves, replays, commits and releases with one statement each, whatever the number of lines", async () => {
    for (const size of [1, 4]) {
      const products = await Promise.all(Array.from({ length: size }, () => newProduct(10)));
      const lines: StockLine[] = products.map((product, i) => ({ productId: product.id, quantity: 1 + i }));
      const orderId = randomUUID();

      const reserved = await counted(() => reserveStock(prisma, USER, orderId, lines));
      expect(reserved.statements).toBe(1);
      // The answer is what the tables now hold: same instants, same lines, in product-id order.
      const stored = await prisma.reservation.findUniqueOrThrow({ where: { orderId }, include: { lines: { orderBy: { productId: "asc" } } } });
      expect(reserved.result).toEqual(stored);
      expect(stored).toMatchObject({ status: "HELD", userId: USER });
      expect(stored.lines.map((line) => line.quantity)).toEqual(lines.sort((a, b) => (a.productId < b.productId ? -1 : 1)).map((line) => line.quantity));
      expect(stored.lines.map((line) => line.unitPriceCents)).toEqual(products.map(() => 700));
      for (const [i, product] of products.entries()) expect(await stockOf(product.id)).toBe(10 - (1 + i));

      const replay = await counted(() => reserveStock(prisma, USER, orderId, lines));
      expect(replay).toMatchObject({ statements: 1, result: stored });
      const committed = await counted(() => commitReservation(prisma, USER, orderId));
      expect(committed.statements).toBe(1);
      expect(committed.result).toEqual(await prisma.reservation.findUniqueOrThrow({ where: { orderId } }));
      expect(committed.result?.status).toBe("COMMITTED");
      expect(await counted(() => commitReservation(prisma, USER, orderId))).toMatchObject({ statements: 1, result: { status: "COMMITTED" } });
      // A paid order keeps its stock: releasing it changes nothing.
      expect(await counted(() => releaseReservation(prisma, USER, orderId))).toMatchObject({ statements: 1, result: { status: "COMMITTED" } });
      for (const [i, product] of products.entries()) expect(await stockOf(product.id)).toBe(10 - (1 + i));

      const second = randomUUID();
      await reserveStock(prisma, USER, second, lines);
      const released = await counted(() => releaseReservation(prisma, USER, second));
      expect(released.statements).toBe(1);
      expect(released.result).toEqual(await prisma.reservation.findUniqueOrThrow({ where: { orderId: second } }));
      expect(released.result?.status).toBe("RELEASED");
      for (const [i, product] of products.entries()) expect(await stockOf(product.id)).toBe(10 - (1 + i));
      expect(await counted(() => releaseReservation(prisma, USER, second))).toMatchObject({ statements: 1, result: { status: "RELEASED" } });
      for (const [i, product] of products.entries()) expect(await stockOf(product.id)).toBe(10 - (1 + i));
      const conflict = await counted(() => commitReservation(prisma, USER, second));
      expect(conflict.statements).toBe(1);
      expect(code(conflict.error)).toBe("CONFLICT");
    }
  });

  it("explains a refusal from the same statement, and takes nothing", async () => {
    const [plenty, scarce, euro] = [await newProduct(10), await newProduct(1), await newProduct(10, "EUR")];
    const unknown = "00000000-0000-4000-8000-000000000000";
    const refused = async (lines: StockLine[]) => {
      const result = await counted(() => reserveStock(prisma, USER, randomUUID(), lines));
      expect(result.statements).toBe(1);
      return result.error as { message: string; extensions: Record<string, unknown> };
    };
    expect((await refused([{ productId: plenty.id, quantity: 1 }, { productId: unknown, quantity: 1 }])).extensions).toEqual({ code: "NOT_FOUND", productId: unknown });
    expect((await refused([{ productId: plenty.id, quantity: 1 }, { productId: euro.id, quantity: 1 }])).extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "items" });
    const short = await refused([{ productId: plenty.id, quantity: 2 }, { productId: scarce.id, quantity: 3 }]);
    expect(short.message).toBe(`Only 1 of "${scarce.name}" left in stock`);
    expect(short.extensions).toEqual({ code: "INSUFFICIENT_STOCK", productId: scarce.id, available: 1, requested: 3 });
    expect([await stockOf(plenty.id), await stockOf(scarce.id), await stockOf(euro.id)]).toEqual([10, 1, 10]);
  });

  it("records an unknown order as released, so a late reservation for it takes nothing", async () => {
    const product = await newProduct(3);
    const orderId = randomUUID();
    const released = await counted(() => releaseReservation(prisma, USER, orderId));
    expect(released).toMatchObject({ statements: 1, result: { orderId, userId: USER, status: "RELEASED" } });
    expect(await reserveStock(prisma, USER, orderId, [{ productId: product.id, quantity: 1 }])).toMatchObject({ status: "RELEASED", lines: [] });
    expect(await stockOf(product.id)).toBe(3);
    expect(code(await failure(commitReservation(prisma, USER, randomUUID())))).toBe("NOT_FOUND");
  });

  it("returns a refunded order's sold units once, in one statement, with the change feed; not while they are only held", async () => {
    const products = await Promise.all([newProduct(6), newProduct(6)]);
    const orderId = randomUUID();
    await reserveStock(prisma, USER, orderId, products.map((product) => ({ productId: product.id, quantity: 2 })));
    // Still held (the commit has not arrived): refused, so the orders service retries after the commit.
    expect(code(await failure(returnStock(prisma, USER, orderId)))).toBe("CONFLICT");
    await commitReservation(prisma, USER, orderId);
    const feedBefore = await prisma.productChange.count();
    // Concurrent deliveries of the same message (at least once): the units come back once.
    const returned = await Promise.all([0, 1, 2].map(() => counted(() => returnStock(prisma, USER, orderId))));
    for (const attempt of returned) {
      expect(attempt.error).toBeUndefined();
      expect(attempt.result?.status).toBe("RELEASED");
    }
    for (const product of products) expect(await stockOf(product.id)).toBe(6);
    // One statement (counted alone: the concurrent deliveries above interleave their statements).
    const single = randomUUID();
    await reserveStock(prisma, USER, single, [{ productId: products[0]!.id, quantity: 1 }]);
    await commitReservation(prisma, USER, single);
    const alone = await counted(() => returnStock(prisma, USER, single));
    expect(alone.error).toBeUndefined();
    expect(alone.statements).toBe(1);
    expect(await prisma.productChange.count()).toBeGreaterThan(feedBefore);
    // A released order cannot be committed again, and an order that holds nothing is recorded as returned.
    expect(code(await failure(commitReservation(prisma, USER, orderId)))).toBe("CONFLICT");
    const unknown = randomUUID();
    expect((await returnStock(prisma, USER, unknown)).status).toBe("RELEASED");
    expect((await prisma.reservation.findUniqueOrThrow({ where: { orderId: unknown } })).status).toBe("RELEASED");
  });

  it("sells a scarce product to exactly as many concurrent buyers as there are units", async () => {
    const scarce = await newProduct(5);
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => reserveStock(prisma, USER, randomUUID(), [{ productId: scarce.id, quantity: 1 }])));
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(5);
    for (const result of results) {
      if (result.status === "rejected") expect((result.reason as { extensions: unknown }).extensions).toMatchObject({ code: "INSUFFICIENT_STOCK", available: 0 });
    }
    expect(await stockOf(scarce.id)).toBe(0);
  });

  it("takes stock once when the same order is reserved concurrently", async () => {
    const product = await newProduct(50);
    const orderId = randomUUID();
    const answers = await Promise.all(Array.from({ length: 8 }, () => reserveStock(prisma, USER, orderId, [{ productId: product.id, quantity: 2 }])));
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(answers[0]).toMatchObject({ status: "HELD", lines: [{ productId: product.id, quantity: 2 }] });
    expect(await stockOf(product.id)).toBe(48);
  });

  it("lets exactly one of a concurrent commit and release win, and gives back only released stock", async () => {
    const product = await newProduct(100);
    const orders = Array.from({ length: 12 }, () => randomUUID());
    for (const orderId of orders) await reserveStock(prisma, USER, orderId, [{ productId: product.id, quantity: 1 }]);
    const races = await Promise.all(
      orders.map((orderId) => Promise.all([failure(commitReservation(prisma, USER, orderId)), releaseReservation(prisma, USER, orderId)])),
    );
    let committed = 0;
    for (const [i, [commitError, released]] of races.entries()) {
      const final = await prisma.reservation.findUniqueOrThrow({ where: { orderId: orders[i]! } });
      // Each call answered the reservation as it was after it: the loser sees the winner's status.
      expect(released.status).toBe(final.status);
      if (final.status === "COMMITTED") committed++;
      else expect(code(commitError)).toBe("CONFLICT");
      if (final.status === "COMMITTED") expect(commitError).toBeUndefined();
    }
    expect(await stockOf(product.id)).toBe(100 - committed);
  });

  it("never leaves stock held when a late reservation races the release of its order", async () => {
    const product = await newProduct(100);
    for (let round = 0; round < 10; round++) {
      const orderId = randomUUID();
      const [reserved, released] = await Promise.all([
        reserveStock(prisma, USER, orderId, [{ productId: product.id, quantity: 1 }]),
        releaseReservation(prisma, USER, orderId),
      ]);
      expect(released.status).toBe("RELEASED");
      expect(["HELD", "RELEASED"]).toContain(reserved.status);
      expect((await prisma.reservation.findUniqueOrThrow({ where: { orderId } })).status).toBe("RELEASED");
    }
    expect(await stockOf(product.id)).toBe(100);
  });

  it("does not deadlock when concurrent reservations and releases lock overlapping products", async () => {
    const products = await Promise.all(Array.from({ length: 4 }, () => newProduct(1_000)));
    // Each order takes three of the four products, listed in a different order each time.
    const orderLines = (n: number): StockLine[] =>
      [0, 1, 2, 3].filter((i) => i !== n % 4).map((i) => ({ productId: products[i]!.id, quantity: 1 + ((n + i) % 3) })).reverse();
    const first = Array.from({ length: 16 }, (_, n) => ({ orderId: randomUUID(), lines: orderLines(n) }));
    await Promise.all(first.map(({ orderId, lines }) => reserveStock(prisma, USER, orderId, lines)));
    const second = Array.from({ length: 16 }, (_, n) => ({ orderId: randomUUID(), lines: orderLines(n + 1) }));
    await Promise.all([
      ...first.map(({ orderId }, n) => (n % 2 ? releaseReservation(prisma, USER, orderId) : commitReservation(prisma, USER, orderId))),
      ...second.map(({ orderId, lines }) => reserveStock(prisma, USER, orderId, lines)),
    ]);
    for (const product of products) {
      const held = await prisma.reservationLine.aggregate({
        where: { productId: product.id, reservation: { status: { in: ["HELD", "COMMITTED"] } } },
        _sum: { quantity: true },
      });
      expect(await stockOf(product.id)).toBe(1_000 - (held._sum.quantity ?? 0));
    }
  });

  it("makes change-feed ids visible in id order while writers commit concurrently (a poller never skips one)", async () => {
    // Writers of different products: no row lock orders them, only the feed's lock does.
    const writers = 60;
    const products = await Promise.all(Array.from({ length: 2 * writers }, () => newProduct(10)));
    const [head] = await prisma.$queryRaw<Array<{ id: bigint }>>`SELECT COALESCE(max(id), 0) AS id FROM "ProductChange"`;
    const start = head!.id;
    // A poller that reads what is after its cursor and moves the cursor to the newest id it saw, as the
    // router's cache does: an id that committed after a greater one was read would be skipped for ever.
    const seen = new Set<bigint>();
    let cursor = start;
    let writing = true;
    const poll = async () => {
      while (writing) {
        const rows = await prisma.$queryRaw<Array<{ id: bigint }>>`SELECT id FROM "ProductChange" WHERE id > ${cursor} ORDER BY id`;
        for (const row of rows) seen.add(row.id);
        if (rows.length) cursor = rows.at(-1)!.id;
      }
    };
    const poller = poll();
    await Promise.all(
      Array.from({ length: writers }, async (_, n) => {
        const orderId = randomUUID();
        const lines = [products[2 * n]!, products[2 * n + 1]!].map((product) => ({ productId: product.id, quantity: 1 }));
        await reserveStock(prisma, USER, orderId, lines);
        if (n % 3 === 0) await releaseReservation(prisma, USER, orderId);
      }),
    );
    writing = false;
    await poller;
    const all = await prisma.$queryRaw<Array<{ id: bigint }>>`SELECT id FROM "ProductChange" WHERE id > ${start} ORDER BY id`;
    expect(all).toHaveLength(writers * 2 + (writers / 3) * 2);
    expect(all.filter((row) => row.id <= cursor && !seen.has(row.id))).toEqual([]);
  });
});
