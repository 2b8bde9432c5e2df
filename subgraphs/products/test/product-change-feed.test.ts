// The product change feed the router's cache polls: a row per changed product in the same transaction as the
// stock change (a failed reservation writes none), reads after a cursor, resets, pruning, the entity change feed
// contract's shape (docs/change-feed.md), and who may read it.
import { randomUUID } from "node:crypto";
import { CACHE_FEED_ISSUER } from "@shop/shared/identity";
import { createLogger } from "@shop/shared/logger";
import { callSubgraph, callSubgraphAs, testEnv } from "@shop/shared/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, startProductsSubgraph } from "../src/subgraph.ts";
import { CHANGE_RETENTION_MS, pruneProductChanges, readProductChanges } from "../src/domain/change-feed.ts";
import { releaseReservation, reserveStock } from "../src/domain/stock.ts";

const config = loadConfig(testEnv());
let subgraph: Awaited<ReturnType<typeof startProductsSubgraph>>;
const FEED = "query ($after: ID) { _entityChanges(after: $after) { cursor reset changes { typename ids fields } } }";
const USER = "11111111-1111-4111-8111-111111111111";

function feedAs(issuer: string, after: string | null) {
  return callSubgraphAs(subgraph.url, config.serviceKeys, issuer, FEED, { after });
}

async function newProduct(stock: number) {
  return subgraph.prisma.product.create({
    data: { sku: `FEED-${randomUUID()}`, name: `Feed test ${randomUUID().slice(0, 8)}`, description: "For a test", priceCents: 500, stock },
  });
}

beforeAll(async () => {
  subgraph = await startProductsSubgraph(config, createLogger("products", "error"));
});
afterAll(() => subgraph?.stop());

describe("product change feed", () => {
  it("records each reserved and released product in the reservation's transaction, after the reader's cursor", async () => {
    const [a, b] = [await newProduct(5), await newProduct(5)];
    const start = await readProductChanges(subgraph.prisma, null);
    expect(start.reset).toBe(true);
    const orderId = randomUUID();
    await reserveStock(subgraph.prisma, USER, orderId, [{ productId: a.id, quantity: 1 }, { productId: b.id, quantity: 2 }]);
    const afterReserve = await readProductChanges(subgraph.prisma, start.cursor);
    expect(afterReserve.reset).toBe(false);
    expect(afterReserve.productIds.sort()).toEqual([a.id, b.id].sort());
    expect(BigInt(afterReserve.cursor)).toBeGreaterThan(BigInt(start.cursor));

    await releaseReservation(subgraph.prisma, USER, orderId);
    const afterRelease = await readProductChanges(subgraph.prisma, afterReserve.cursor);
    expect(afterRelease.productIds.sort()).toEqual([a.id, b.id].sort());
    // Nothing new: same cursor, no ids.
    expect(await readProductChanges(subgraph.prisma, afterRelease.cursor)).toEqual({ cursor: afterRelease.cursor, reset: false, productIds: [], changes: [] });
  });

  it("writes no change when a reservation fails (the change row is part of the rolled-back transaction)", async () => {
    const [plenty, scarce] = [await newProduct(10), await newProduct(1)];
    const before = await subgraph.prisma.productChange.count();
    const start = await readProductChanges(subgraph.prisma, null);
    await expect(
      reserveStock(subgraph.prisma, USER, randomUUID(), [{ productId: plenty.id, quantity: 1 }, { productId: scarce.id, quantity: 2 }]),
    ).rejects.toMatchObject({ extensions: { code: "INSUFFICIENT_STOCK" } });
    expect(await subgraph.prisma.productChange.count()).toBe(before);
    expect((await readProductChanges(subgraph.prisma, start.cursor)).productIds).toEqual([]);
    expect((await subgraph.prisma.product.findUniqueOrThrow({ where: { id: plenty.id } })).stock).toBe(10);
  });

  it("tells a reader whose cursor fell behind the pruned rows, or lies ahead of the feed, to reset", async () => {
    const product = await newProduct(5);
    const start = await readProductChanges(subgraph.prisma, null);
    await reserveStock(subgraph.prisma, USER, randomUUID(), [{ productId: product.id, quantity: 1 }]);
    await reserveStock(subgraph.prisma, USER, randomUUID(), [{ productId: product.id, quantity: 1 }]);
    // Everything but the newest row is older than the retention a moment from now.
    const pruned = await pruneProductChanges(subgraph.prisma, Date.now() + CHANGE_RETENTION_MS + 1_000);
    expect(pruned).toBeGreaterThan(0);
    const behind = await readProductChanges(subgraph.prisma, start.cursor);
    expect(behind.reset).toBe(true);
    expect(await subgraph.prisma.productChange.count()).toBe(1);
    const ahead = await readProductChanges(subgraph.prisma, String(BigInt(behind.cursor) + 100n));
    expect(ahead).toEqual({ cursor: behind.cursor, reset: true, productIds: [], changes: [] });
  });

  it("reports stock changes in the entity change feed's shape: Product, the ids once, stock and inStock", async () => {
    const [a, b] = [await newProduct(5), await newProduct(5)];
    const start = (await feedAs(CACHE_FEED_ISSUER, null)).data?._entityChanges;
    await reserveStock(subgraph.prisma, USER, randomUUID(), [{ productId: a.id, quantity: 1 }, { productId: b.id, quantity: 1 }]);
    await reserveStock(subgraph.prisma, USER, randomUUID(), [{ productId: a.id, quantity: 1 }]);
    const read = await feedAs(CACHE_FEED_ISSUER, start.cursor);
    expect(read.errors).toBeUndefined();
    const page = read.data?._entityChanges;
    expect(page.reset).toBe(false);
    expect(page.changes).toHaveLength(1);
    expect(page.changes[0]).toMatchObject({ typename: "Product", fields: ["stock", "inStock"] });
    expect([...page.changes[0].ids].sort()).toEqual([a.id, b.id].sort());
    const again = (await feedAs(CACHE_FEED_ISSUER, page.cursor)).data?._entityChanges;
    expect(again).toEqual({ cursor: page.cursor, reset: false, changes: [] });
  });

  it("answers only the router's cache poller, and refuses a malformed cursor", async () => {
    const ok = await feedAs(CACHE_FEED_ISSUER, null);
    expect(ok.errors).toBeUndefined();
    expect(ok.data?._entityChanges).toMatchObject({ reset: true, changes: [] });
    const asRouter = await callSubgraph(subgraph.url, config.serviceKeys, FEED, { after: null });
    expect(asRouter.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const asOrders = await feedAs("orders", null);
    expect(asOrders.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const malformed = await feedAs(CACHE_FEED_ISSUER, "1; DROP TABLE");
    expect(malformed.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("marks the catalogue public for 60 s in its Cache-Control header, and the feed uncacheable", async () => {
    const catalogue = await callSubgraph(subgraph.url, config.serviceKeys, "{ products(first: 2) { edges { node { id stock } } totalCount } }");
    expect(catalogue.headers.get("cache-control")).toBe("max-age=60, public");
    const feed = await feedAs(CACHE_FEED_ISSUER, null);
    expect(feed.headers.get("cache-control")).toBe("no-store");
  });
});
