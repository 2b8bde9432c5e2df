// Push for the change feed (docs/change-feed.md): on PostgreSQL the products service LISTENs for the feed's
// NOTIFY and holds the router's reads until a change commits, so a sale reaches the router's caches although it
// reads only once a minute otherwise; on PGlite (no push) the router polls. A broken LISTEN connection makes
// the feed answer at once (the router polls) until the products service listens again.
import { seedProducts, seedUsers } from "@shop/shared/seed-data";
import { eventually, postGraphQL } from "@shop/shared/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { checkout, key } from "../../test/support/checkout.ts";
import { backends } from "../../test/support/databases.ts";
import { type Stack, startStack } from "../../test/support/stack.ts";
import { metric } from "./support/metrics.ts";

vi.setConfig({ testTimeout: 90_000, hookTimeout: 90_000 });
const [ada, grace] = seedUsers as [(typeof seedUsers)[0], (typeof seedUsers)[0]];
const mug = seedProducts.find((p) => p.sku === "MUG-001")!;
const PRODUCT = "query ($id: ID!) { product(id: $id) { id name stock } }";

/** PostgreSQL: push only in practice (a read held up to 20 s, the next poll a minute after). PGlite: polls every 50 ms. */
const settingsFor = (backend: "pglite" | "postgresql"): Record<string, string> =>
  backend === "postgresql"
    ? { CACHE_FEED_POLL_MS: "60000", CACHE_MAX_STALENESS_MS: "120000", CACHE_FEED_WAIT_MS: "20000" }
    : { CACHE_FEED_POLL_MS: "50" };

describe.each(backends)("a sale reaches the router's caches on %s", (backend) => {
  let stack: Stack;
  let adaToken: string;
  let graceToken: string;
  const metrics = async () => (await fetch(stack.router.metricsUrl)).text();
  const stockAt = async (url: string) =>
    (await postGraphQL(url, PRODUCT, { id: mug.id }, { authorization: `Bearer ${graceToken}` })).data?.product.stock as number;
  const listeners = async () =>
    (await stack.subgraphs.products.prisma.$queryRawUnsafe<Array<{ pid: number }>>(
      "SELECT pid FROM pg_stat_activity WHERE query = 'LISTEN product_changes' AND datname = current_database()",
    )).map((row) => row.pid);
  /** Sells a mug and waits until the router at `url` shows the new stock. */
  const sellSeenAt = async (url: string) => {
    const before = await stockAt(url);
    expect(await stockAt(url)).toBe(before); // cached
    const placed = await checkout(stack).place(adaToken, [{ productId: mug.id, quantity: 1 }], key());
    expect(placed.errors).toBeUndefined();
    // Within the eventually's 20 s: far less than the minute between polls on PostgreSQL.
    await eventually(async () => (await stockAt(url)) === before - 1, { intervalMs: 50, timeoutMs: 20_000 });
  };

  beforeAll(async () => {
    stack = await startStack(backend, settingsFor(backend));
    [adaToken, graceToken] = await Promise.all([stack.login(ada.email), stack.login(grace.email)]);
    await eventually(async () => (metric(await metrics(), "product_change_feed_polls_total", { outcome: "ok" }) ?? 0) >= 1, { intervalMs: 50 });
  });
  afterAll(() => stack?.stop());

  it(backend === "postgresql" ? "by push: a held read answered by NOTIFY" : "by polling", async () => {
    await sellSeenAt(stack.url);
    if (backend === "postgresql") expect(await listeners()).toHaveLength(1);
  });

  it.runIf(backend === "postgresql")("falls back to polling when the LISTEN connection breaks, and listens again", async () => {
    const [pid] = await listeners();
    const polling = await stack.startRouter({ CACHE_FEED_POLL_MS: "100", CACHE_FEED_WAIT_MS: "500" });
    try {
      await stack.subgraphs.products.prisma.$queryRawUnsafe(`SELECT pg_terminate_backend(${pid})`);
      // While nobody listens the feed answers at once: a router still sees a sale, by polling.
      await sellSeenAt(polling.graphqlUrl);
      // The products service listens again on a new connection.
      await eventually(
        async () => {
          const now = await listeners();
          return now.length === 1 && now[0] !== pid;
        },
        { intervalMs: 100 },
      );
    } finally {
      await polling.stop();
    }
    // Push again: a router that reads once a minute sees the next sale (a router polls while push is lost, so
    // the first router, which read during the outage, reads next only a minute later).
    const pushed = await stack.startRouter(settingsFor("postgresql"));
    try {
      await eventually(async () => (metric(await (await fetch(pushed.metricsUrl)).text(), "product_change_feed_polls_total", { outcome: "ok" }) ?? 0) >= 1, { intervalMs: 50 });
      await sellSeenAt(pushed.graphqlUrl);
    } finally {
      await pushed.stop();
    }
  });
});
