// The subgraph cache's rules without a network: only public responses with a max-age and no errors are kept, a
// fetch that raced a purge is not stored, and nothing is served or stored while the change feed is silent.
import { createLogger } from "@shop/shared/logger";
import { freePort } from "@shop/shared/testing";
import { Counter, Registry } from "prom-client";
import { Agent } from "undici";
import { describe, expect, it } from "vitest";
import { ChangeFeedPoller as ProductChangeFeed } from "../src/cache/change-feed.ts";
import { cacheHintOf, SubgraphCache } from "../src/cache/subgraph-cache.ts";

function cache(usable: () => boolean = () => true) {
  const registers = [new Registry()];
  const lookups = new Counter({ name: "lookups", help: "-", labelNames: ["subgraph", "result"], registers });
  const purges = new Counter({ name: "purges", help: "-", labelNames: ["reason"], registers });
  return new SubgraphCache(100, { lookups, purges }, usable);
}

describe("subgraph cache", () => {
  it("reads Cache-Control as the gateway does", () => {
    expect(cacheHintOf("max-age=60, public")).toEqual({ maxAge: 60, scope: "PUBLIC" });
    expect(cacheHintOf("max-age=30, private")).toEqual({ maxAge: 30, scope: "PRIVATE" });
    expect(cacheHintOf("no-store")).toEqual({ maxAge: 0 });
    expect(cacheHintOf(undefined)).toEqual({ maxAge: 0 });
  });

  it("keeps only public responses with a max-age and no errors", () => {
    const subject = cache();
    const epoch = subject.epoch;
    expect(subject.set("private", "{}", { maxAge: 60, scope: "PRIVATE" }, false, epoch)).toBe(false);
    expect(subject.set("no-store", "{}", { maxAge: 0 }, false, epoch)).toBe(false);
    expect(subject.set("unscoped", "{}", { maxAge: 60 }, false, epoch)).toBe(false);
    expect(subject.set("failed", "{}", { maxAge: 60, scope: "PUBLIC" }, true, epoch)).toBe(false);
    expect(subject.set("public", '{"data":{}}', { maxAge: 60, scope: "PUBLIC" }, false, epoch)).toBe(true);
    expect(subject.size).toBe(1);
    const hit = subject.get("products", "public");
    expect(hit?.body).toBe('{"data":{}}');
    expect([59, 60]).toContain(hit?.maxAge);
    expect(subject.get("products", "private")).toBeUndefined();
  });

  it("does not store what a fetch read before a purge, and a purge drops everything", () => {
    const subject = cache();
    const epoch = subject.epoch;
    subject.set("a", "{}", { maxAge: 60, scope: "PUBLIC" }, false, epoch);
    subject.purge("change");
    expect(subject.get("products", "a")).toBeUndefined();
    expect(subject.set("b", "{}", { maxAge: 60, scope: "PUBLIC" }, false, epoch)).toBe(false);
    expect(subject.set("b", "{}", { maxAge: 60, scope: "PUBLIC" }, false, subject.epoch)).toBe(true);
  });

  it("neither serves nor stores while it cannot hear about changes", () => {
    let usable = true;
    const subject = cache(() => usable);
    subject.set("a", "{}", { maxAge: 60, scope: "PUBLIC" }, false, subject.epoch);
    usable = false;
    expect(subject.get("products", "a")).toBeUndefined();
    expect(subject.set("b", "{}", { maxAge: 60, scope: "PUBLIC" }, false, subject.epoch)).toBe(false);
    usable = true;
    expect(subject.get("products", "a")).toBeDefined();
  });
});

describe("product change feed poller", () => {
  it("is unhealthy (cache off) until the feed answers, and stays so when it cannot be reached", async () => {
    const port = await freePort();
    const polls = new Counter({ name: "polls", help: "-", labelNames: ["outcome"], registers: [new Registry()] });
    const purges: string[] = [];
    const feed = new ProductChangeFeed({
      url: () => `http://127.0.0.1:${port}/graphql`,
      credentialKey: "test-feed-credential-key-0123456789abcdef012345",
      dispatcher: new Agent(),
      pollMs: 50,
      maxStalenessMs: 500,
      purge: (reason) => purges.push(reason),
      polls,
      logger: createLogger("router", "fatal"),
    });
    expect(feed.healthy()).toBe(false);
    await expect(feed.pollOnce()).rejects.toThrow();
    expect(feed.healthy()).toBe(false);
    expect(purges).toEqual([]);
  });
});
