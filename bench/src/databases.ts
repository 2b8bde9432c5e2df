// The bench's databases: one set per stack (the subgraphs', the monolith's), migrated and seeded with the demo
// data before any process opens them. Throwaway PostgreSQL databases when BENCH_POSTGRES_URL is set (dropped at
// the end, also after Ctrl-C), PGlite folders in the run's temporary directory otherwise.
import { createHash, randomBytes } from "node:crypto";
import { cpSync, existsSync, renameSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDatabase } from "@shop/shared/database";
import { createLogger } from "@shop/shared/logger";
import { repoRoot } from "@shop/shared/paths";
import { type ClientOptions, openServiceDatabase, type PrismaLike } from "@shop/shared/service-database";
import pg from "pg";
import { CHECKOUT_SKU, CHECKOUT_STOCK } from "./checkout-product.ts";
import { DECLARATIONS } from "./declarations.ts";
import { addShoppers, type BenchShopper } from "./shoppers.ts";

export type ServiceName = keyof typeof DECLARATIONS;
export const SERVICES = Object.keys(DECLARATIONS) as ServiceName[];
export type DatabaseUrls = Record<ServiceName, string>;

const silent = createLogger("bench-databases", "warn");

/**
 * Migrates, seeds and restocks one service's database (with its declared Prisma client and seed), adds the
 * many-shoppers data (shoppers.ts), then closes it.
 */
async function prepare(service: ServiceName, url: string, shoppers: BenchShopper[]): Promise<void> {
  // The demo data in full (the processes run with NODE_ENV=production, but the seeds would then leave out the demo
  // accounts and orders the scenarios read).
  const common = { service, url, seedMode: "always" as const, production: false, logger: silent };
  const { createClient, seed } = DECLARATIONS[service] as unknown as {
    createClient: (options: ClientOptions) => PrismaLike;
    seed: (prisma: PrismaLike) => Promise<void>;
  };
  const db = await openServiceDatabase<PrismaLike>({ ...common, createClient, seed });
  try {
    const add = addShoppers[service] as (prisma: PrismaLike, shoppers: BenchShopper[]) => Promise<void>;
    await add(db.prisma, shoppers);
    if (service === "products") {
      const products = db.prisma as unknown as ReturnType<typeof DECLARATIONS.products.createClient>;
      await products.product.update({ where: { sku: CHECKOUT_SKU }, data: { stock: CHECKOUT_STOCK } });
    }
  } finally {
    await db.close();
  }
}

/**
 * A freshly initialised, empty PGlite cluster to copy. Initialising one (initdb in WebAssembly) takes 5-15 s
 * on these machines, copying one a second, so it is built once per PGlite version and kept in the system's
 * temporary directory for later runs (27 MB; built under a private name, then renamed into place).
 */
async function emptyPglite(): Promise<string> {
  const pglite = createRequire(path.join(repoRoot, "packages/shared/src/database.ts")).resolve("@electric-sql/pglite");
  const dir = path.join(tmpdir(), `shop-bench-pglite-empty-${createHash("sha1").update(pglite).digest("hex").slice(0, 12)}`);
  if (existsSync(path.join(dir, "PG_VERSION"))) return dir;
  const building = `${dir}.${process.pid}`;
  await (await openDatabase(`pglite:${building}`)).close();
  try {
    renameSync(building, dir);
  } catch {
    rmSync(building, { recursive: true, force: true }); // another run got there first
  }
  return dir;
}

export interface BenchDatabases {
  kind: "pglite" | "postgresql";
  /** Creates, migrates and seeds a fresh set of the four databases under `label`. */
  create(label: string): Promise<DatabaseUrls>;
  /** A copy of a prepared set under `label` (the monolith's own databases, identical to the subgraphs'). */
  copy(from: DatabaseUrls, label: string): Promise<DatabaseUrls>;
  /** Drops every PostgreSQL database created (PGlite folders go with the work directory). */
  drop(): Promise<void>;
}

export function benchDatabases(workDir: string, postgresUrl: string | undefined, shoppers: BenchShopper[]): BenchDatabases {
  if (!postgresUrl) {
    return {
      kind: "pglite",
      async create(label) {
        const urls = Object.fromEntries(SERVICES.map((s) => [s, `pglite:${path.join(workDir, `${label}-${s}`)}`])) as DatabaseUrls;
        const empty = await emptyPglite();
        // One at a time: each PGlite instance holds its database in this process's memory while it seeds.
        for (const service of SERVICES) {
          cpSync(empty, urls[service].slice("pglite:".length), { recursive: true });
          await prepare(service, urls[service], shoppers);
        }
        return urls;
      },
      async copy(from, label) {
        const urls = Object.fromEntries(SERVICES.map((s) => [s, `pglite:${path.join(workDir, `${label}-${s}`)}`])) as DatabaseUrls;
        for (const service of SERVICES) cpSync(from[service].slice("pglite:".length), urls[service].slice("pglite:".length), { recursive: true });
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
  const nameOf = (label: string, service: ServiceName) => `${prefix}_${label}_${service}`;
  const urlsOf = (label: string) =>
    Object.fromEntries(
      SERVICES.map((s) => {
        const url = new URL(postgresUrl);
        url.pathname = `/${nameOf(label, s)}`;
        return [s, url.toString()];
      }),
    ) as DatabaseUrls;
  /** Creates the four databases of `label`, each a copy of `template`'s when given. */
  const createAll = (label: string, template?: string) =>
    admin(async (client) => {
      for (const service of SERVICES) {
        const name = nameOf(label, service);
        await client.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${nameOf(template, service)}"` : ""}`);
        created.push(name);
      }
    });
  const labels = new Map<DatabaseUrls, string>();
  return {
    kind: "postgresql",
    async create(label) {
      await createAll(label);
      const urls = urlsOf(label);
      await Promise.all(SERVICES.map((s) => prepare(s, urls[s], shoppers)));
      labels.set(urls, label);
      return urls;
    },
    async copy(from, label) {
      // PostgreSQL copies a database whole from a template that nobody is connected to.
      await createAll(label, labels.get(from));
      return urlsOf(label);
    },
    async drop() {
      if (created.length === 0) return;
      await admin(async (client) => {
        for (const name of created.splice(0)) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      });
    },
  };
}
