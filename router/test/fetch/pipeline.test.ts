// The whole fetch pipeline in its order, through the gateway's data source, against a real local server: a
// cached answer skips every later stage, a failure is retried, timed and then answered as an outage, and the
// client's cache policy follows each subgraph answer.
import { createLogger } from "@shop/shared/logger";
import { freePort } from "@shop/shared/testing";
import { Counter, Registry } from "prom-client";
import { afterEach, describe, expect, it } from "vitest";
import { SubgraphCache } from "../../src/cache/subgraph-cache.ts";
import { createSubgraphAgent } from "../../src/fetch/send.ts";
import { SubgraphSource } from "../../src/fetch/subgraph-source.ts";
import { createRouterMetrics } from "../../src/metrics.ts";
import { json, startTestSubgraph, type TestSubgraph, testFetch } from "./support.ts";

const agent = createSubgraphAgent(2_000);
const KEY = "test-router-credential-key-0123456789abcdef0123";
const CATALOGUE = "{ products(first: 2) { id } }";
let subgraph: TestSubgraph;
afterEach(() => subgraph?.close());

function source(url: string, options: { cache?: boolean; dedupe?: boolean } = {}) {
  const registry = new Registry();
  const metrics = createRouterMetrics(registry);
  const cache = options.cache
    ? new SubgraphCache(100, { lookups: new Counter({ name: "l", help: "-", labelNames: ["subgraph", "result"], registers: [registry] }), purges: metrics.cachePurges }, () => true)
    : undefined;
  const dataSource = new SubgraphSource("products", {
    url,
    agent,
    timeoutMs: 2_000,
    credentialKey: KEY,
    forwardIdentity: true,
    retries: 1,
    retryDelayMs: 1,
    cache,
    dedupe: options.dedupe,
    metrics,
    logger: createLogger("router", "fatal"),
  });
  return { dataSource, registry };
}

describe("fetch pipeline", () => {
  it("answers from the cache before anything else runs, and restricts the client's cache policy by each answer", async () => {
    subgraph = await startTestSubgraph(json({ data: { products: [{ id: "1" }] } }, { "cache-control": "max-age=60, public" }));
    const { dataSource, registry } = source(subgraph.url, { cache: true, dedupe: true });
    const first = testFetch("products", CATALOGUE, { userId: "ada" });
    const second = testFetch("products", CATALOGUE, { userId: "grace" });
    expect(await dataSource.process(first.options)).toEqual({ data: { products: [{ id: "1" }] } });
    expect(await dataSource.process(second.options)).toEqual({ data: { products: [{ id: "1" }] } });
    expect(subgraph.received).toHaveLength(1);
    expect(first.restricted).toEqual([{ maxAge: 60, scope: "PUBLIC" }]);
    expect(second.restricted[0]?.scope).toBe("PUBLIC");
    expect(second.context.subgraphFetches).toEqual([{ subgraph: "products", durationMs: 0, ok: true, attempts: 0, source: "cache" }]);
    expect(await registry.getSingleMetricAsString("subgraph_fetch_duration_seconds")).toMatch(/_count\{subgraph="products",outcome="ok"\} 1$/m);
  });

  it("times a failed fetch after its retries, then answers it as an outage without touching the cache policy", async () => {
    const { dataSource, registry } = source(`http://127.0.0.1:${await freePort()}/graphql`);
    const fetch = testFetch("products", CATALOGUE);
    const response = await dataSource.process(fetch.options);
    expect(response.errors?.[0]).toMatchObject({ path: ["products"], extensions: { code: "SERVICE_UNAVAILABLE" } });
    expect(fetch.context.subgraphFetches).toEqual([expect.objectContaining({ subgraph: "products", ok: false, attempts: 2 })]);
    expect(fetch.restricted).toEqual([]);
    expect(await registry.getSingleMetricAsString("subgraph_fetch_retries_total")).toMatch(/\{subgraph="products"\} 1$/m);
  });
});
