// The adaptive decision (cache/adaptive.ts) and the stages that use it: a scope whose cache answers nothing over a
// window turns off, probes after a fixed count of skipped requests, and comes back when the probe answers; a scope
// that answers stays on. Counts requests only, so every test is deterministic.
import { Counter, Registry } from "prom-client";
import { afterEach, describe, expect, it } from "vitest";
import { AdaptiveGate, AdaptiveGates } from "../src/cache/adaptive.ts";
import { SubgraphCache } from "../src/cache/subgraph-cache.ts";
import { cacheResponses } from "../src/fetch/caching.ts";
import { parseReply } from "../src/fetch/parse.ts";
import { createSubgraphAgent, sendOverHttp } from "../src/fetch/send.ts";
import { shareInFlight } from "../src/fetch/sharing.ts";
import { type Answer, chain, type Reply } from "../src/fetch/stage.ts";
import { countOf, json, startTestSubgraph, type TestSubgraph, testFetch } from "./fetch/support.ts";

const settings = { window: 10, minHitRate: 0.2, probeAfter: 5 };

/** Runs `n` requests through the gate, each a hit when `hit(i)`; returns how many used the layer. */
function drive(gate: AdaptiveGate, n: number, hit: (i: number) => boolean = () => false): number {
  let used = 0;
  for (let i = 0; i < n; i++) {
    if (!gate.use()) continue;
    used++;
    gate.record(hit(i));
  }
  return used;
}

describe("adaptive gate", () => {
  it("stays on while at least the minimum share of uses are hits", () => {
    const gate = new AdaptiveGate(settings);
    expect(drive(gate, 100, (i) => i % 5 === 0)).toBe(100); // 20%: exactly the threshold
    expect(gate.enabled).toBe(true);
  });

  it("turns off after a window below the threshold, then uses the layer only for a probe window every probeAfter requests", () => {
    const gate = new AdaptiveGate(settings);
    expect(drive(gate, 10, (i) => i === 0)).toBe(10); // 10% < 20%
    expect(gate.enabled).toBe(false);
    // 4 requests skipped, the 5th starts a probe: 10 uses, all misses, off again.
    expect(drive(gate, 4)).toBe(0);
    expect(drive(gate, 11)).toBe(10);
    expect(gate.enabled).toBe(false);
    // Over a long run of misses: one probe window of 10 per 4 skipped + 10 used.
    expect(drive(gate, 140)).toBe(100);
  });

  it("comes back on when a probe window answers enough", () => {
    const gate = new AdaptiveGate(settings);
    drive(gate, 10);
    expect(gate.enabled).toBe(false);
    expect(drive(gate, 4)).toBe(0);
    expect(drive(gate, 10, () => true)).toBe(10);
    expect(gate.enabled).toBe(true);
    expect(drive(gate, 50, () => true)).toBe(50);
  });

  it("window 0 keeps the layer always on", () => {
    const gate = new AdaptiveGate({ window: 0, minHitRate: 1, probeAfter: 1 });
    expect(drive(gate, 1_000)).toBe(1_000);
    expect(gate.enabled).toBe(true);
  });

  it("keeps one decision per scope", () => {
    const gates = new AdaptiveGates(settings);
    drive(gates.of("orders"), 10);
    drive(gates.of("products"), 10, () => true);
    expect(gates.of("orders")).toBe(gates.of("orders"));
    expect(gates.off).toEqual(["orders"]);
  });
});

describe("adaptive stages against a real subgraph", () => {
  const agent = createSubgraphAgent(2_000);
  let subgraph: TestSubgraph;
  afterEach(() => subgraph?.close());

  function cacheOf() {
    const registers = [new Registry()];
    const lookups = new Counter({ name: "lookups", help: "-", labelNames: ["subgraph", "result"], registers });
    const purges = new Counter({ name: "purges", help: "-", labelNames: ["reason"], registers });
    return { cache: new SubgraphCache(100, { lookups, purges }, () => true), lookups };
  }

  it("a subgraph that answers only privately stops being looked up; a public one keeps its hits", async () => {
    const answers: Record<string, ReturnType<typeof json>> = {
      orders: json({ data: { me: { orders: [] } } }, { "cache-control": "private" }),
      products: json({ data: { product: { id: "1" } } }, { "cache-control": "max-age=60, public" }),
    };
    subgraph = await startTestSubgraph((received, res) => answers[JSON.parse(received.body).query.includes("me") ? "orders" : "products"]!(received, res));
    const { cache, lookups } = cacheOf();
    const send = parseReply(sendOverHttp({ url: subgraph.url, agent, timeoutMs: 2_000 }));
    const orders = chain<Answer>([cacheResponses(cache, new AdaptiveGate(settings))], send);
    const products = chain<Answer>([cacheResponses(cache, new AdaptiveGate(settings))], send);
    for (let i = 0; i < 20; i++) {
      await orders(testFetch("orders", "{ me { orders { id } } }").request);
      await products(testFetch("products", '{ product(id: "1") { id } }').request);
    }
    // orders: one window of 10 misses, then off (requests 11-14 skipped, 15 probes: misses again).
    expect(await countOf(lookups, { subgraph: "orders", result: "miss" })).toBe(16);
    // products: one miss, then hits throughout.
    expect(await countOf(lookups, { subgraph: "products", result: "hit" })).toBe(19);
    expect(subgraph.received).toHaveLength(21);
  });

  it("sharing turns off for signed-in callers who never share, and anonymous fetches still share", async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    subgraph = await startTestSubgraph(async (received, res) => {
      await held;
      json({ data: { ok: true } })(received, res);
    });
    const registers = [new Registry()];
    const shared = new Counter({ name: "shared", help: "-", labelNames: ["subgraph"], registers });
    const gates = new AdaptiveGates(settings);
    const handler = chain<Reply>([shareInFlight(shared, gates)], sendOverHttp({ url: subgraph.url, agent, timeoutMs: 2_000 }));
    // Ten distinct shoppers, each once: nothing shared, so signed-in sharing turns off.
    const shoppers = Array.from({ length: 10 }, (_, i) => handler(testFetch("orders", "{ me { id } }", { userId: `shopper-${i}` }).request));
    // Two anonymous identical fetches in flight at once: shared.
    const anonymous = [handler(testFetch("products", "{ products { id } }").request), handler(testFetch("products", "{ products { id } }").request)];
    release();
    await Promise.all([...shoppers, ...anonymous]);
    expect(gates.off).toEqual(["signed-in"]);
    expect(await countOf(shared, { subgraph: "products" })).toBe(1);
  });
});
