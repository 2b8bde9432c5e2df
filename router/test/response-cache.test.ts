// The router's subgraph cache and in-flight deduplication through the real stack: public catalogue fetches
// served again without a products fetch, purged by the product change feed after a stock change, private data
// never cached or shared across users, mutations never shared, Cache-Control headers, RESPONSE_CACHE=false.
import { setTimeout as delay } from "node:timers/promises";
import { seedProducts, seedUsers } from "@shop/shared/seed-data";
import { eventually, postGraphQL } from "@shop/shared/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { checkout, key } from "../../test/support/checkout.ts";
import { type Stack, startStack } from "../../test/support/stack.ts";
import { metric } from "./support/metrics.ts";

vi.setConfig({ testTimeout: 60_000 });
const [ada, grace] = seedUsers as [(typeof seedUsers)[0], (typeof seedUsers)[0]];
const mug = seedProducts.find((p) => p.sku === "MUG-001")!;
const CATALOGUE = "{ products(first: 24) { edges { node { id name priceCents stock } } totalCount } }";
const PRODUCT = "query ($id: ID!) { product(id: $id) { id name stock } }";


describe("router response caching", () => {
  let stack: Stack;
  let adaToken: string;
  let graceToken: string;
  const metrics = async (url = stack.router.metricsUrl) => (await fetch(url)).text();
  const fetches = async (subgraph: string, url?: string) =>
    metric(await metrics(url), "subgraph_fetch_duration_seconds_count", { subgraph, outcome: "ok" }) ?? 0;
  const lookups = async (subgraph: string, result: string, url?: string) =>
    metric(await metrics(url), "subgraph_cache_lookups_total", { subgraph, result }) ?? 0;

  beforeAll(async () => {
    stack = await startStack("pglite");
    [adaToken, graceToken] = await Promise.all([stack.login(ada.email), stack.login(grace.email)]);
    // The cache serves only once the change feed has answered.
    await eventually(async () => (metric(await metrics(), "product_change_feed_polls_total", { outcome: "ok" }) ?? 0) >= 1, { intervalMs: 50 });
  });
  afterAll(() => stack?.stop());

  it("serves a second identical anonymous catalogue query whole from the cache, without a products fetch, marked public", async () => {
    const first = await stack.query(CATALOGUE);
    expect(first.errors).toBeUndefined();
    expect(first.headers.get("cache-control")).toBe("max-age=60, public");
    const before = await fetches("products");
    const hitsBefore = metric(await metrics(), "response_cache_lookups_total", { result: "hit" }) ?? 0;
    const second = await stack.query(CATALOGUE);
    expect(second.data).toEqual(first.data);
    expect(second.headers.get("cache-control")).toBe("max-age=60, public");
    expect(Number(second.headers.get("age"))).toBeLessThanOrEqual(60);
    expect(await fetches("products")).toBe(before);
    expect(metric(await metrics(), "response_cache_lookups_total", { result: "hit" })).toBe(hitsBefore + 1);
  });

  it("serves a signed-in caller's public catalogue fetch from the subgraph cache", async () => {
    const first = await stack.query(CATALOGUE, {}, adaToken);
    expect(first.errors).toBeUndefined();
    const before = await fetches("products");
    const hitsBefore = await lookups("products", "hit");
    const second = await stack.query(CATALOGUE, {}, graceToken);
    expect(second.data).toEqual(first.data);
    expect(second.headers.get("cache-control")).toMatch(/^max-age=(59|60), public$/);
    expect(await fetches("products")).toBe(before);
    expect(await lookups("products", "hit")).toBe(hitsBefore + 1);
  });

  it("shows the new stock after an order through the router, once the feed is polled", async () => {
    // Anonymous (whole-response cache) and signed in (subgraph cache): both layers must let the change through.
    const stockSeen = async (token?: string) => (await stack.query(PRODUCT, { id: mug.id }, token)).data?.product.stock as number;
    const before = await stockSeen();
    expect(await stockSeen()).toBe(before); // now cached
    expect(await stockSeen(graceToken)).toBe(before);
    expect(await stockSeen(graceToken)).toBe(before);
    const placed = await checkout(stack).place(adaToken, [{ productId: mug.id, quantity: 1 }], key());
    expect(placed.errors).toBeUndefined();
    await eventually(async () => (await stockSeen()) === before - 1, { intervalMs: 50 });
    await eventually(async () => (await stockSeen(graceToken)) === before - 1, { intervalMs: 50 });
    const catalogue = await stack.query(CATALOGUE);
    const inCatalogue = (catalogue.data?.products.edges as Array<{ node: { id: string; stock: number } }>).find((e) => e.node.id === mug.id);
    if (inCatalogue) expect(inCatalogue.node.stock).toBe(before - 1);
    expect(metric(await metrics(), "subgraph_cache_purges_total", { reason: "change" })).toBeGreaterThanOrEqual(1);
  });

  it("keeps the names and prices an order history read from products when a sale changes stock", async () => {
    const HISTORY = "{ me { orders { items { product { id name priceCents } } } } }";
    const purges = async () => metric(await metrics(), "subgraph_cache_purges_total", { reason: "change" }) ?? 0;
    const first = await stack.query(HISTORY, {}, graceToken);
    expect(first.errors).toBeUndefined();
    const products = (first.data?.me.orders as Array<{ items: unknown[] }>).flatMap((order) => order.items);
    expect(products.length).toBeGreaterThan(0); // Grace's seeded orders: the products entity fetch runs
    const purgesBefore = await purges();
    const placed = await checkout(stack).place(adaToken, [{ productId: mug.id, quantity: 1 }], key());
    expect(placed.errors).toBeUndefined();
    await eventually(async () => (await purges()) > purgesBefore, { intervalMs: 50 });
    const [fetchedBefore, hitsBefore] = [await fetches("products"), await lookups("products", "hit")];
    const again = await stack.query(HISTORY, {}, graceToken);
    expect(again.data).toEqual(first.data);
    expect(await fetches("products")).toBe(fetchedBefore);
    expect(await lookups("products", "hit")).toBe(hitsBefore + 1);
  });

  it("never gives Ada's or Grace's private data to the other under concurrency, and never caches it", async () => {
    const ME = `{ me { id name email orders { id totalCents } } product(id: "${mug.id}") { name } }`;
    const calls = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? ([ada, adaToken] as const) : ([grace, graceToken] as const)));
    const results = await Promise.all(calls.map(async ([user, token]) => ({ user, result: await stack.query(ME, {}, token) })));
    const orderIds = { [ada.id]: new Set<string>(), [grace.id]: new Set<string>() };
    for (const { user, result } of results) {
      expect(result.errors).toBeUndefined();
      expect(result.data?.me).toMatchObject({ id: user.id, email: user.email, name: user.name });
      for (const order of result.data?.me.orders ?? []) orderIds[user.id]!.add(order.id);
      expect(result.headers.get("cache-control")).toBe("no-store");
    }
    for (const id of orderIds[ada.id]!) expect(orderIds[grace.id]!.has(id)).toBe(false);
    expect(await lookups("users", "hit")).toBe(0);
    expect(await lookups("orders", "hit")).toBe(0);
  });

  it("sends every mutation, never shared with an identical one in flight or cached", async () => {
    const LOGIN = "mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token } }";
    const before = await fetches("users");
    const sharedBefore = metric(await metrics(), "subgraph_fetch_deduplicated_total", { subgraph: "users" }) ?? 0;
    // Three: the users service hashes at most three passwords of one account at once (password-hasher.ts).
    const results = await Promise.all(
      Array.from({ length: 3 }, () => postGraphQL(stack.url, LOGIN, { e: ada.email, p: "storefront-demo" })),
    );
    for (const result of results) expect(result.data?.login.token).toEqual(expect.any(String));
    expect(await fetches("users")).toBe(before + 3);
    expect(metric(await metrics(), "subgraph_fetch_deduplicated_total", { subgraph: "users" }) ?? 0).toBe(sharedBefore);
    expect(results[0]!.headers.get("cache-control")).toBe("no-store");
  });

  it("answers each of one user's identical concurrent queries, each either fetched or shared with one in flight", async () => {
    const ME = "{ me { id name orders { id } } }";
    const shared = async () => metric(await metrics(), "subgraph_fetch_deduplicated_total", { subgraph: "users" }) ?? 0;
    const [fetchedBefore, sharedBefore] = [await fetches("users"), await shared()];
    const results = await Promise.all(Array.from({ length: 12 }, () => stack.query(ME, {}, adaToken)));
    for (const result of results) expect(result.data?.me).toMatchObject({ id: ada.id, name: ada.name });
    // Nothing cached (private): every request's users fetch was sent or shared, none served otherwise.
    expect((await fetches("users")) - fetchedBefore + ((await shared()) - sharedBefore)).toBe(12);
  });

  it("stops serving from its caches when the change feed has not answered within CACHE_MAX_STALENESS_MS", async () => {
    // One poll at start, the next a minute later: the feed goes silent for this router right after starting.
    const router = await stack.startRouter({ CACHE_FEED_POLL_MS: "60000", CACHE_MAX_STALENESS_MS: "50" });
    await eventually(async () => (metric(await metrics(router.metricsUrl), "product_change_feed_polls_total", { outcome: "ok" }) ?? 0) >= 1, { intervalMs: 50 });
    await delay(100);
    const before = await fetches("products", router.metricsUrl);
    await postGraphQL(router.graphqlUrl, CATALOGUE);
    await postGraphQL(router.graphqlUrl, CATALOGUE);
    expect(await fetches("products", router.metricsUrl)).toBe(before + 2);
    expect(metric(await metrics(router.metricsUrl), "response_cache_lookups_total", { result: "bypass" })).toBe(2);
    expect(await lookups("products", "hit", router.metricsUrl)).toBe(0);
    await router.stop();
  });

  it("turns every cache off with RESPONSE_CACHE=false, keeping the Cache-Control header", async () => {
    const router = await stack.startRouter({ RESPONSE_CACHE: "false" });
    const before = await fetches("products", router.metricsUrl);
    const first = await postGraphQL(router.graphqlUrl, CATALOGUE);
    const second = await postGraphQL(router.graphqlUrl, CATALOGUE);
    expect(second.data).toEqual(first.data);
    expect(first.headers.get("cache-control")).toBe("max-age=60, public");
    expect(await fetches("products", router.metricsUrl)).toBe(before + 2);
    expect(await metrics(router.metricsUrl)).not.toMatch(/^(subgraph|response)_cache_lookups_total\{/m);
    expect(metric(await metrics(router.metricsUrl), "product_change_feed_polls_total", { outcome: "ok" }) ?? 0).toBe(0);
    await router.stop();
  });
});
