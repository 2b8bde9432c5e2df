// A subgraph on PostgreSQL exports its connection pool at /metrics (PGlite has no pool, so only with TEST_POSTGRES_URL).
import { createLogger } from "@shop/shared/logger";
import { callSubgraph, testEnv } from "@shop/shared/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { metric } from "../router/test/support/metrics.ts";
import { loadConfig, startProductsSubgraph } from "../subgraphs/products/src/subgraph.ts";
import { createDatabases, type TestDatabases } from "./support/databases.ts";

describe.skipIf(!process.env.TEST_POSTGRES_URL)("database pool metrics on PostgreSQL", () => {
  let databases: TestDatabases;
  let subgraph: Awaited<ReturnType<typeof startProductsSubgraph>>;
  const config = () => loadConfig(testEnv({ DATABASE_URL: databases.urls.products }));

  beforeAll(async () => {
    databases = await createDatabases("postgresql");
    subgraph = await startProductsSubgraph(config(), createLogger("products", "fatal"));
  });
  afterAll(async () => {
    await subgraph?.stop();
    await databases?.drop();
  });

  it("reports the pool's connections by state", async () => {
    const { data } = await callSubgraph(subgraph.url, config().serviceKeys, "{ products(first: 5) { totalCount } }");
    expect(data?.products.totalCount).toBe(26);
    const text = await (await fetch(new URL("/metrics", subgraph.url))).text();
    expect(metric(text, "db_pool_connections", { state: "max" })).toBe(10);
    expect(metric(text, "db_pool_connections", { state: "total" })).toBeGreaterThanOrEqual(1);
    expect(metric(text, "db_pool_connections", { state: "waiting" })).toBe(0);
  });
});
