// MIGRATE_ON_START=false (the containers' mode): a replica is not ready while its schema is behind, and the migration job makes it ready.
import { createLogger } from "@shop/shared/logger";
import { runMigrationJob } from "@shop/shared/migration-job";
import { testEnv } from "@shop/shared/testing";
import { afterEach, describe, expect, it } from "vitest";
import { seed } from "../prisma/products/seed.ts";
import { PrismaClient } from "../subgraphs/products/src/__generated__/prisma/client.ts";
import { loadConfig, startProductsSubgraph } from "../subgraphs/products/src/subgraph.ts";
import { backends, createDatabases, type TestDatabases } from "./support/databases.ts";

const logger = createLogger("migration-job-test", "silent");
const probe = async (base: string, path: "/health" | "/ready") => (await fetch(new URL(path, base))).status;
const migrateProducts = (url: string) =>
  runMigrationJob({
    service: "products",
    createClient: (options) => new PrismaClient(options),
    seed,
    logger,
    env: { DATABASE_URL: url, SEED: "always", NODE_ENV: "test", LOG_LEVEL: "silent" },
  });

let databases: TestDatabases | undefined;
afterEach(async () => {
  await databases?.drop();
  databases = undefined;
});

describe.each(backends)("migration job on %s", (kind) => {
  it("leaves a replica alive but not ready until the job has applied every migration", async () => {
    databases = await createDatabases(kind, { persistent: true });
    const url = databases.urls.products;
    const env = testEnv({ DATABASE_URL: url, MIGRATE_ON_START: "false" });
    const behind = await startProductsSubgraph(loadConfig(env), logger);
    try {
      expect(await probe(behind.url, "/health")).toBe(200);
      expect(await probe(behind.url, "/ready")).toBe(503);
      // PGlite is one process's database: stop the replica before the job opens it. PostgreSQL shows the real
      // sequence, the replica turning ready while it runs.
      if (kind === "pglite") await behind.stop();
      const applied = await migrateProducts(url);
      expect(applied.length).toBeGreaterThan(0);
      if (kind === "postgresql") expect(await probe(behind.url, "/ready")).toBe(200);
    } finally {
      if (kind === "postgresql") await behind.stop();
    }
    // Run again, the job applies nothing; a replica on the migrated database is ready at once and serves the seeded data.
    expect(await migrateProducts(url)).toEqual([]);
    const current = await startProductsSubgraph(loadConfig(env), logger);
    try {
      expect(await probe(current.url, "/ready")).toBe(200);
    } finally {
      await current.stop();
    }
  });
});
