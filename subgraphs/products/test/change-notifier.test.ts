// Push for the product change feed on PostgreSQL (with TEST_POSTGRES_URL): the notifier learns each committed
// change from the ProductChange trigger's NOTIFY, a `waitMs` read at the head waits for it without any SQL and
// reads the change once it commits, and a lost LISTEN connection sends readers to the table until it listens again.
import { randomUUID } from "node:crypto";
import { createLogger } from "@shop/shared/logger";
import type { ServiceDatabase } from "@shop/shared/service-database";
import { eventually } from "@shop/shared/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabases, type TestDatabases } from "../../../test/support/databases.ts";
import type { PrismaClient } from "../src/__generated__/prisma/client.ts";
import { awaitProductChanges, readProductChanges } from "../src/domain/change-feed.ts";
import { ProductChangeNotifier } from "../src/domain/change-notifier.ts";
import { reserveStock } from "../src/domain/stock.ts";
import { openProductsDatabase } from "./support/products-database.ts";

const USER = "11111111-1111-4111-8111-111111111111";
const code = (error: unknown) => (error as { extensions?: { code?: string } }).extensions?.code;

describe.runIf(process.env.TEST_POSTGRES_URL)("product change notifier on PostgreSQL", () => {
  let databases: TestDatabases;
  let database: ServiceDatabase<PrismaClient>;
  let notifier: ProductChangeNotifier;
  let statements = 0;

  beforeAll(async () => {
    databases = await createDatabases("postgresql");
    database = await openProductsDatabase(databases.urls.products);
    database.onQuery(() => statements++);
    const prisma = database.prisma;
    notifier = new ProductChangeNotifier({
      url: databases.urls.products,
      readHead: async () => (await prisma.productChange.findFirst({ orderBy: { id: "desc" }, select: { id: true } }))?.id ?? 0n,
      logger: createLogger("products", "fatal"),
      reconnectMs: 100,
    });
    notifier.start();
    await eventually(async () => notifier.head !== null, { intervalMs: 20 });
  });
  afterAll(async () => {
    await notifier?.stop();
    await database?.close();
    await databases?.drop();
  });

  const sell = async () => {
    const product = await database.prisma.product.create({
      data: { sku: `PUSH-${randomUUID()}`, name: "Pushed", description: "For a test", priceCents: 700, currency: "USD", stock: 5 },
    });
    await reserveStock(database.prisma, USER, randomUUID(), [{ productId: product.id, quantity: 1 }]);
    return product.id;
  };

  it("holds a read at the head without SQL, and answers when a change commits", async () => {
    const head = String(notifier.head);
    const before = statements;
    expect(await awaitProductChanges(notifier, head, 50)).toEqual({ cursor: head, reset: false, changes: [] });
    expect(statements).toBe(before);
    const waiting = awaitProductChanges(notifier, head, 20_000);
    const sold = await sell();
    // Woken by the NOTIFY: the caller reads the table (undefined), which holds the change.
    expect(await waiting).toBeUndefined();
    expect((await readProductChanges(database.prisma, head)).productIds).toEqual([sold]);
  });

  it("refuses a waitMs out of range", async () => {
    const head = String(notifier.head);
    for (const waitMs of [-1, 30_001]) {
      await expect(awaitProductChanges(notifier, head, waitMs)).rejects.toSatisfy((error) => code(error) === "BAD_USER_INPUT");
    }
  });

  it("sends readers to the table while its LISTEN connection is lost, and listens again", async () => {
    const pid = notifier.backendPid!;
    const head = String(notifier.head);
    const waiting = awaitProductChanges(notifier, head, 20_000);
    await database.prisma.$queryRawUnsafe(`SELECT pg_terminate_backend(${pid})`);
    expect(await waiting).toBeUndefined(); // answered at once: read the table
    await eventually(async () => notifier.head !== null && notifier.backendPid !== pid, { intervalMs: 20 });
    const sold = await sell();
    await eventually(async () => notifier.head !== null && notifier.head > BigInt(head), { intervalMs: 20 });
    expect((await readProductChanges(database.prisma, head)).productIds).toEqual([sold]);
  });
});
