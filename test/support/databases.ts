// Databases for the integration suite: in-memory PGlite always; throwaway PostgreSQL databases when
// TEST_POSTGRES_URL is set (created per run, dropped afterwards).
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";

export const SERVICES = ["users", "products", "orders", "payments"] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface TestDatabases {
  kind: "pglite" | "postgresql";
  urls: Record<ServiceName, string>;
  drop(): Promise<void>;
}

/** Against an external stack (STACK_ROUTER_URL, pnpm test:hosts) each suite runs once, on that stack's PostgreSQL. */
export const backends: Array<"pglite" | "postgresql"> = process.env.STACK_ROUTER_URL
  ? ["postgresql"]
  : process.env.TEST_POSTGRES_URL
    ? ["pglite", "postgresql"]
    : ["pglite"];

/**
 * `persistent` PGlite databases live in a temporary directory instead of memory, so a test can stop a service
 * and start it again on the same data (a "restart" after an injected crash).
 */
export async function createDatabases(kind: "pglite" | "postgresql", options: { persistent?: boolean } = {}): Promise<TestDatabases> {
  if (kind === "pglite" && options.persistent) {
    const dir = mkdtempSync(path.join(tmpdir(), "shop-test-"));
    const urls = Object.fromEntries(SERVICES.map((s) => [s, `pglite:${path.join(dir, s)}`])) as Record<ServiceName, string>;
    return { kind, urls, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  if (kind === "pglite") {
    const urls = Object.fromEntries(SERVICES.map((s) => [s, "memory://"])) as Record<ServiceName, string>;
    return { kind, urls, drop: async () => {} };
  }
  const admin = process.env.TEST_POSTGRES_URL!;
  const prefix = `shop_test_${randomBytes(4).toString("hex")}`;
  const names = SERVICES.map((service) => `${prefix}_${service}`);
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    for (const name of names) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const urls = Object.fromEntries(
    SERVICES.map((service, index) => {
      const url = new URL(admin);
      url.pathname = `/${names[index]}`;
      return [service, url.toString()];
    }),
  ) as Record<ServiceName, string>;
  return {
    kind,
    urls,
    drop: async () => {
      const dropper = new pg.Client({ connectionString: admin });
      await dropper.connect();
      try {
        for (const name of names) await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}
