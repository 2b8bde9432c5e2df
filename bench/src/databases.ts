// The bench's databases: one set per stack (the subgraphs', the monolith's), migrated and seeded with the demo
// data before any process opens them. Throwaway PostgreSQL databases when BENCH_POSTGRES_URL is set (dropped at
// the end, also after Ctrl-C), PGlite folders in the run's temporary directory otherwise.
import { randomBytes } from "node:crypto";
import path from "node:path";
import { createLogger } from "@shop/shared/logger";
import { openServiceDatabase } from "@shop/shared/service-database";
import pg from "pg";
import { CHECKOUT_SKU, CHECKOUT_STOCK } from "./checkout-product.ts";
import { seed as seedOrders } from "../../prisma/orders/seed.ts";
import { seed as seedPayments } from "../../prisma/payments/seed.ts";
import { seed as seedProductsDb } from "../../prisma/products/seed.ts";
import { seed as seedUsers } from "../../prisma/users/seed.ts";
import { PrismaClient as OrdersClient } from "../../subgraphs/orders/src/__generated__/prisma/client.ts";
import { PrismaClient as PaymentsClient } from "../../subgraphs/payments/src/__generated__/prisma/client.ts";
import { PrismaClient as ProductsClient } from "../../subgraphs/products/src/__generated__/prisma/client.ts";
import { PrismaClient as UsersClient } from "../../subgraphs/users/src/__generated__/prisma/client.ts";

export const SERVICES = ["users", "products", "orders", "payments"] as const;
export type ServiceName = (typeof SERVICES)[number];
export type DatabaseUrls = Record<ServiceName, string>;

const silent = createLogger("bench-databases", "warn");

/** Migrates, seeds and restocks one service's database, then closes it. */
async function prepare(service: ServiceName, url: string): Promise<void> {
  const common = { service, url, seedMode: "always" as const, production: true, logger: silent };
  const close = async (db: { close(): Promise<void> }) => db.close();
  switch (service) {
    case "users":
      return close(await openServiceDatabase({ ...common, createClient: (adapter) => new UsersClient({ adapter }), seed: seedUsers }));
    case "products": {
      const db = await openServiceDatabase({ ...common, createClient: (adapter) => new ProductsClient({ adapter }), seed: seedProductsDb });
      await db.prisma.product.update({ where: { sku: CHECKOUT_SKU }, data: { stock: CHECKOUT_STOCK } });
      return close(db);
    }
    case "orders":
      return close(await openServiceDatabase({ ...common, createClient: (adapter) => new OrdersClient({ adapter }), seed: seedOrders }));
    case "payments":
      return close(await openServiceDatabase({ ...common, createClient: (adapter) => new PaymentsClient({ adapter }), seed: seedPayments }));
  }
}

export interface BenchDatabases {
  kind: "pglite" | "postgresql";
  /** Creates, migrates and seeds a fresh set of the four databases under `label`. */
  create(label: string): Promise<DatabaseUrls>;
  /** Drops every PostgreSQL database created (PGlite folders go with the work directory). */
  drop(): Promise<void>;
}

export function benchDatabases(workDir: string, postgresUrl: string | undefined): BenchDatabases {
  if (!postgresUrl) {
    return {
      kind: "pglite",
      async create(label) {
        const urls = Object.fromEntries(SERVICES.map((s) => [s, `pglite:${path.join(workDir, `${label}-${s}`)}`])) as DatabaseUrls;
        // One at a time: each PGlite instance holds its database in this process's memory while it seeds.
        for (const service of SERVICES) await prepare(service, urls[service]);
        return urls;
      },
      async drop() {},
    };
  }
  const prefix = `shop_bench_${randomBytes(4).toString("hex")}`;
  const created: string[] = [];
  const admin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  return {
    kind: "postgresql",
    async create(label) {
      const names = SERVICES.map((s) => `${prefix}_${label}_${s}`);
      await admin(async (client) => {
        for (const name of names) {
          await client.query(`CREATE DATABASE "${name}"`);
          created.push(name);
        }
      });
      const urls = Object.fromEntries(
        SERVICES.map((s, i) => {
          const url = new URL(postgresUrl);
          url.pathname = `/${names[i]}`;
          return [s, url.toString()];
        }),
      ) as DatabaseUrls;
      await Promise.all(SERVICES.map((s) => prepare(s, urls[s])));
      return urls;
    },
    async drop() {
      if (created.length === 0) return;
      await admin(async (client) => {
        for (const name of created.splice(0)) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      });
    },
  };
}
