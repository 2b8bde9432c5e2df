// The entity change feed as a contract any subgraph may implement (docs/change-feed.md): the router finds the
// feeds in the supergraph, follows a subgraph that is not products, uses its caches only while every feed answers,
// purges on a reported change, and never sends its credential to a subgraph it was not told is ours.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { composeServices } from "@apollo/composition";
import { ConfigError } from "@shop/shared/config";
import { CACHE_FEED_ISSUER, credentialKey, deriveServiceKey, ROUTER_ISSUER } from "@shop/shared/identity";
import { createLogger } from "@shop/shared/logger";
import { repoRoot } from "@shop/shared/paths";
import { eventually, postGraphQL, testEnv } from "@shop/shared/testing";
import { parse } from "graphql";
import { Counter, Registry } from "prom-client";
import { Agent } from "undici";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ChangeFeedPoller, type EntityChange } from "../src/cache/change-feed.ts";
import { subgraphsDeclaringQueryField } from "../src/cache/feed-discovery.ts";
import { CacheInvalidation } from "../src/cache/invalidation.ts";
import { loadConfig } from "../src/config.ts";
import { type RunningRouter, startRouter } from "../src/server.ts";
import { composeSupergraph, readSupergraphConfig } from "../src/supergraph.ts";
import { type FeedSubgraph, INVENTORY_SDL, startFeedSubgraph } from "./support/feed-subgraph.ts";
import { metric } from "./support/metrics.ts";

const env = testEnv();
const SECRET = env.SUBGRAPH_SECRET!;
/** The router's own key, as it derives it from SUBGRAPH_SECRET. */
const ROUTER_KEY = deriveServiceKey(SECRET, ROUTER_ISSUER);
const ITEM = '{ item(id: "i1") { id stock } }';
const logger = createLogger("router", "fatal");
let inventory: FeedSubgraph;

beforeAll(async () => {
  inventory = await startFeedSubgraph(SECRET);
});
afterAll(() => inventory?.stop());

function compose(subgraphs: Array<{ name: string; url: string; sdl: string }>): string {
  const result = composeServices(subgraphs.map(({ name, url, sdl }) => ({ name, url, typeDefs: parse(sdl) })));
  if (result.errors) throw new Error(result.errors.map((error) => error.message).join("\n"));
  return result.supergraphSdl;
}

const polls = () => new Counter({ name: "polls", help: "-", labelNames: ["subgraph", "outcome"], registers: [new Registry()] });

describe("entity change feed contract", () => {
  it("finds the subgraphs that declare the feed in a supergraph's join directives", () => {
    expect(subgraphsDeclaringQueryField(readFileSync(path.join(repoRoot, "supergraph.graphql"), "utf8"))).toEqual(["products"]);
    // Our four subgraphs and a fifth that offers a feed too: the contract's types are @shareable, so both compose.
    const ours = readSupergraphConfig(path.join(repoRoot, "supergraph.yaml"), {});
    const withInventory = { ...ours, subgraphs: [...ours.subgraphs, { name: "inventory", url: "http://127.0.0.1:1/graphql", schemaFile: "(inline)" }] };
    const { supergraphSdl } = composeSupergraph(withInventory, (subgraph) =>
      subgraph.name === "inventory" ? INVENTORY_SDL : readFileSync(subgraph.schemaFile, "utf8"),
    );
    expect(subgraphsDeclaringQueryField(supergraphSdl)).toEqual(["inventory", "products"]);
    const alone = compose([{ name: "inventory", url: "http://127.0.0.1:1/graphql", sdl: INVENTORY_SDL }]);
    expect(subgraphsDeclaringQueryField(alone)).toEqual(["inventory"]);
    const without = compose([{ name: "catalog", url: "http://127.0.0.1:3/graphql", sdl: "type Query { hello: String }" }]);
    expect(subgraphsDeclaringQueryField(without)).toEqual([]);
  });

  it("polls a feed: a reset first, then each change with its type, ids and fields, purged before the cursor moves", async () => {
    const purges: Array<[string, readonly EntityChange[]]> = [];
    const poller = new ChangeFeedPoller({
      subgraph: "inventory",
      url: () => inventory.url,
      credentialKey: credentialKey(ROUTER_KEY, CACHE_FEED_ISSUER, "inventory"),
      dispatcher: new Agent(),
      pollMs: 60_000,
      // Asked to wait (push), a feed that implements polling only refuses the argument: the poller polls it.
      waitMs: 500,
      maxStalenessMs: 5_000,
      purge: (reason, changes) => purges.push([reason, changes]),
      polls: { inc: () => undefined },
      logger,
    });
    expect(poller.healthy()).toBe(false);
    expect(poller.pushing).toBe(true);
    await poller.pollOnce();
    expect(poller.pushing).toBe(false);
    expect(poller.healthy()).toBe(true);
    expect(purges).toEqual([["reset", []]]);
    await poller.pollOnce();
    expect(purges).toHaveLength(1);
    inventory.sell("i2");
    await poller.pollOnce();
    expect(purges[1]).toEqual(["change", [{ typename: "Item", ids: ["i2"], fields: ["stock"] }]]);
  });

  it("keeps the caches off until every followed feed has answered, and with no feed at all", async () => {
    const invalidation = new CacheInvalidation({
      dropAll: () => undefined,
      dropChanged: () => undefined,
      subgraphUrl: (name) => (name === "inventory" ? inventory.url : undefined),
      signingKey: ROUTER_KEY,
      dispatcher: new Agent(),
      pollMs: 20,
      waitMs: 0,
      maxStalenessMs: 1_000,
      polls: polls(),
      logger,
    });
    expect(invalidation.healthy()).toBe(false);
    invalidation.start();
    try {
      invalidation.follow(["inventory", "missing"]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(invalidation.healthy()).toBe(false);
      invalidation.follow(["inventory"]);
      await eventually(async () => invalidation.healthy(), { intervalMs: 20 });
      invalidation.follow([]);
      expect(invalidation.healthy()).toBe(false);
    } finally {
      invalidation.stop();
    }
  });

  it("refuses CACHE_CHANGE_FEEDS naming a subgraph that is not ours", () => {
    expect(() => loadConfig(testEnv({ OWN_SUBGRAPHS: "inventory", CACHE_CHANGE_FEEDS: "inventory,catalog" }))).toThrow(ConfigError);
    expect(() => loadConfig(testEnv({ OWN_SUBGRAPHS: "inventory", CACHE_CHANGE_FEEDS: "inventory,catalog" }))).toThrow(/CACHE_CHANGE_FEEDS.*catalog/);
  });

  describe("a router in front of a supergraph whose feed is not products", () => {
    let file: string;
    let router: RunningRouter | undefined;
    const start = async (overrides: Record<string, string>) => {
      router = await startRouter(loadConfig(testEnv({ SUPERGRAPH_FILE: file, SUPERGRAPH_WATCH: "false", CACHE_FEED_POLL_MS: "50", ...overrides })), {
        logger,
      });
      return router;
    };
    const metrics = async (router: RunningRouter) => (await fetch(router.metricsUrl)).text();

    beforeAll(() => {
      file = path.join(mkdtempSync(path.join(tmpdir(), "feed-supergraph-")), "supergraph.graphql");
      writeFileSync(file, compose([{ name: "inventory", url: inventory.url, sdl: INVENTORY_SDL }]));
    });
    // One router at a time: a router left polling would count in the next test's reads.
    afterEach(async () => {
      await router?.stop();
      router = undefined;
    });

    it("follows the feed it discovers when told the subgraph is ours, serves from its caches, and purges on a change", async () => {
      const router = await start({ OWN_SUBGRAPHS: "inventory" });
      await eventually(async () => (metric(await metrics(router), "product_change_feed_polls_total", { subgraph: "inventory", outcome: "ok" }) ?? 0) >= 1, {
        intervalMs: 50,
      });
      const first = await postGraphQL(`${router.url}/graphql`, ITEM);
      expect(first.errors).toBeUndefined();
      expect(first.headers.get("cache-control")).toBe("max-age=60, public");
      const before = metric(await metrics(router), "subgraph_fetch_duration_seconds_count", { subgraph: "inventory", outcome: "ok" });
      expect((await postGraphQL(`${router.url}/graphql`, ITEM)).data).toEqual(first.data);
      expect(metric(await metrics(router), "subgraph_fetch_duration_seconds_count", { subgraph: "inventory", outcome: "ok" })).toBe(before);

      inventory.sell("i1");
      const sold = (first.data?.item.stock as number) - 1;
      await eventually(async () => (await postGraphQL(`${router.url}/graphql`, ITEM)).data?.item.stock === sold, { intervalMs: 50 });
      expect(metric(await metrics(router), "subgraph_cache_purges_total", { reason: "change" })).toBeGreaterThanOrEqual(1);
    });

    it("keeps its caches off, and sends no credential, for a subgraph it was not told is ours", async () => {
      // A held read of an earlier test's router may still arrive: count from once the reads have settled.
      let readsBefore = -1;
      await eventually(async () => {
        const settled = readsBefore === inventory.feedReads;
        readsBefore = inventory.feedReads;
        return settled;
      }, { intervalMs: 700, timeoutMs: 10_000 });
      const credentialsBefore = inventory.credentials.length;
      const router = await start({ OWN_SUBGRAPHS: "users,products" });
      await postGraphQL(`${router.url}/graphql`, ITEM);
      await postGraphQL(`${router.url}/graphql`, ITEM);
      expect(metric(await metrics(router), "subgraph_fetch_duration_seconds_count", { subgraph: "inventory", outcome: "ok" })).toBe(2);
      expect(metric(await metrics(router), "response_cache_lookups_total", { result: "bypass" })).toBe(2);
      expect(inventory.feedReads).toBe(readsBefore);
      expect(inventory.credentials.length).toBe(credentialsBefore);
    });

    it("keeps its caches off with CACHE_CHANGE_FEEDS empty", async () => {
      const router = await start({ OWN_SUBGRAPHS: "inventory", CACHE_CHANGE_FEEDS: "" });
      await postGraphQL(`${router.url}/graphql`, ITEM);
      await postGraphQL(`${router.url}/graphql`, ITEM);
      expect(metric(await metrics(router), "subgraph_fetch_duration_seconds_count", { subgraph: "inventory", outcome: "ok" })).toBe(2);
      expect(metric(await metrics(router), "product_change_feed_polls_total", { outcome: "ok" }) ?? 0).toBe(0);
    });
  });
});
