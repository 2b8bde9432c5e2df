// Databases for the integration suite: in-memory PGlite always; throwaway PostgreSQL databases when
// TEST_POSTGRES_URL is set (created per run, dropped afterwards).
import { randomBytes } from "node:crypto";
import pg from "pg";

export const SERVICES = ["users", "products", "orders", "payments"] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface TestDatabases {
  kind: "pglite" | "postgresql";
  urls: Record<ServiceName, string>;
  drop(): Promise<void>;
}

export const backends: Array<"pglite" | "postgresql"> = process.env.TEST_POSTGRES_URL ? ["pglite", "postgresql"] : ["pglite"];

export async function createDatabases(kind: "pglite" | "postgresql"): Promise<TestDatabases> {
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
