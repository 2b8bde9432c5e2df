// The caching stage against a real local server: a public answer is served again without a fetch, private and
// failed answers and mutations are always fetched, and a fetch begun before a purge does not store what it read.
import { setTimeout as delay } from "node:timers/promises";
import { Counter, Registry } from "prom-client";
import { afterEach, describe, expect, it } from "vitest";
import { SubgraphCache } from "../../src/cache/subgraph-cache.ts";
import { cacheResponses } from "../../src/fetch/caching.ts";
import { parseReply } from "../../src/fetch/parse.ts";
import { createSubgraphAgent, sendOverHttp } from "../../src/fetch/send.ts";
import { type Answer, chain } from "../../src/fetch/stage.ts";
import { json, startTestSubgraph, type TestSubgraph, testFetch } from "./support.ts";

const agent = createSubgraphAgent(2_000);
const PRODUCT = '{ product(id: "1") { id stock } }';
const PUBLIC = { "cache-control": "max-age=60, public" };
let subgraph: TestSubgraph;
afterEach(() => subgraph?.close());

function cached(usable = () => true) {
  const registers = [new Registry()];
  const cache = new SubgraphCache(
    100,
    {
      lookups: new Counter({ name: "lookups", help: "-", labelNames: ["subgraph", "result"], registers }),
      purges: new Counter({ name: "purges", help: "-", labelNames: ["reason"], registers }),
    },
    usable,
  );
  const handler = chain<Answer>([cacheResponses(cache)], parseReply(sendOverHttp({ url: subgraph.url, agent, timeoutMs: 2_000 })));
  return { cache, handler };
}

describe("caching stage", () => {
  it("serves a public answer again without a fetch, each reader with its own copy and the time it has left", async () => {
    subgraph = await startTestSubgraph(json({ data: { product: { id: "1", stock: 5 } } }, PUBLIC));
    const { handler } = cached();
    const first = testFetch("products", PRODUCT);
    const second = testFetch("products", PRODUCT);
    const a = await handler(first.request);
    const b = await handler(second.request);
    expect(subgraph.received).toHaveLength(1);
    expect(second.request.source).toBe("cache");
    expect(b.response).toEqual(a.response);
    expect(b.response).not.toBe(a.response);
    expect(b.reply?.hint.scope).toBe("PUBLIC");
    expect([59, 60]).toContain(b.reply?.hint.maxAge);
    expect(b.reply?.attempts).toBe(0);
  });

  it("always fetches private, uncacheable and failed answers, and mutations", async () => {
    // Per query: private, no Cache-Control (uncacheable), public but with errors.
    const answers: Record<string, ReturnType<typeof json>> = {
      "{ me { id } }": json({ data: { me: { id: "ada" } } }, { "cache-control": "max-age=60, private" }),
      "{ me { id name } }": json({ data: { me: { id: "ada", name: "Ada" } } }),
      "{ me { id email } }": json({ data: null, errors: [{ message: "down" }] }, PUBLIC),
    };
    subgraph = await startTestSubgraph((received, res) => answers[JSON.parse(received.body).query]!(received, res));
    const { handler } = cached();
    for (const query of Object.keys(answers)) {
      await handler(testFetch("users", query).request);
      await handler(testFetch("users", query).request);
    }
    expect(subgraph.received).toHaveLength(6);
    await subgraph.close();

    subgraph = await startTestSubgraph(json({ data: { reserve: true } }, PUBLIC));
    const { handler: mutations } = cached();
    await mutations(testFetch("products", "mutation { reserve }", { kind: "mutation" }).request);
    await mutations(testFetch("products", "mutation { reserve }", { kind: "mutation" }).request);
    expect(subgraph.received).toHaveLength(2);
  });

  it("does not store what a fetch read when the cache was purged while it was in flight", async () => {
    subgraph = await startTestSubgraph(async (received, res) => {
      await delay(100);
      json({ data: { product: { id: "1", stock: 5 } } }, PUBLIC)(received, res);
    });
    const { cache, handler } = cached();
    const racing = handler(testFetch("products", PRODUCT).request);
    await delay(20);
    cache.purge("change");
    await racing;
    expect(cache.size).toBe(0);
    await handler(testFetch("products", PRODUCT).request);
    expect(cache.size).toBe(1);
    expect(subgraph.received).toHaveLength(2);
  });

  it("neither serves nor stores while the change feeds are silent", async () => {
    subgraph = await startTestSubgraph(json({ data: { product: { id: "1", stock: 5 } } }, PUBLIC));
    let usable = false;
    const { cache, handler } = cached(() => usable);
    await handler(testFetch("products", PRODUCT).request);
    expect(cache.size).toBe(0);
    usable = true;
    await handler(testFetch("products", PRODUCT).request);
    usable = false;
    await handler(testFetch("products", PRODUCT).request);
    expect(subgraph.received).toHaveLength(3);
  });
});
