// The embedded databases' way in and out: a new one appears only complete (an interrupted creation leaves nothing the
// next start trips over), a directory that cannot be opened fails with the command that recovers it, and
// `pnpm db:backup` / `db:restore` / `db:reset` round-trip a real service database without deleting anything.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { exitOf, onLines, spawnEntry } from "@shop/shared/child-process";
import { openDatabase } from "@shop/shared/database";
import { DirectoryLockedError } from "@shop/shared/directory-lock";
import { buildingDir, DatabaseOpenError, defaultDataDir, resetCommand } from "@shop/shared/embedded-database";
import { resetEmbedded } from "@shop/shared/embedded-maintenance";
import { createLogger } from "@shop/shared/logger";
import { repoRoot } from "@shop/shared/paths";
import { openServiceDatabase } from "@shop/shared/service-database";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { seed } from "../prisma/products/seed.ts";
import { PrismaClient } from "../subgraphs/products/src/__generated__/prisma/client.ts";

vi.setConfig({ testTimeout: 120_000 });
const logger = createLogger("embedded-database-test", "silent");
const run = promisify(execFile);

let root: string;
let dir: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), "shop-embedded-"));
  dir = path.join(root, "products");
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const openProducts = (url = `pglite:${dir}`) =>
  openServiceDatabase({ service: "products", url, createClient: (options) => new PrismaClient(options), seed, seedMode: "auto", production: false, logger });

describe("embedded database creation", () => {
  it("appears only once migrated and seeded; a creation that fails leaves nothing behind", async () => {
    const failing = openDatabase(`pglite:${dir}`, {
      service: "products",
      initialise: async (connection) => {
        await connection.migrate(path.join(repoRoot, "prisma", "products", "migrations"));
        expect(existsSync(dir)).toBe(false); // built beside it, not in it
        throw new Error("killed while seeding");
      },
    });
    await expect(failing).rejects.toThrow("killed while seeding");
    expect(readdirSync(root).filter((name) => !name.endsWith(".lock"))).toEqual([]);

    const database = await openProducts();
    try {
      expect(database.applied.length).toBeGreaterThan(0);
      expect(await database.prisma.product.count()).toBeGreaterThan(0);
      expect(existsSync(path.join(dir, "PG_VERSION"))).toBe(true);
      expect(existsSync(buildingDir(dir))).toBe(false);
    } finally {
      await database.close();
    }
  });

  it("ignores what an interrupted creation left beside it, and treats an empty directory as none", async () => {
    mkdirSync(path.join(buildingDir(dir), "base"), { recursive: true });
    writeFileSync(path.join(buildingDir(dir), "PG_VERSION"), "17");
    mkdirSync(dir);
    const database = await openProducts();
    try {
      expect(await database.prisma.product.count()).toBeGreaterThan(0);
      expect(existsSync(buildingDir(dir))).toBe(false);
    } finally {
      await database.close();
    }
  });

  it("refuses a second opener at once while the first has it open", async () => {
    const first = await openDatabase(`pglite:${dir}`);
    try {
      const started = Date.now();
      await expect(openDatabase(`pglite:${dir}`)).rejects.toBeInstanceOf(DirectoryLockedError);
      expect(Date.now() - started).toBeLessThan(1_000);
    } finally {
      await first.close();
    }
    await (await openDatabase(`pglite:${dir}`)).close();
  });
});

describe("a kill while a database is being opened", () => {
  it("leaves a directory that opens: PGlite's postmaster.pid, created and not yet written, is no obstacle", async () => {
    await (await openDatabase(`pglite:${dir}`)).close();
    const child = spawnEntry("test/support/killed-while-opening.ts", { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dir });
    const printed: string[] = [];
    onLines(child, (line) => printed.push(line));
    await exitOf(child);
    expect(child.signalCode, printed.join("\n")).toBe("SIGKILL");
    expect(readFileSync(path.join(dir, "postmaster.pid"), "utf8")).toBe(""); // what the kill left (Postgres refuses it)

    const database = await openDatabase(`pglite:${dir}`);
    try {
      const [row] = await database.sql().query<{ one: number }>("SELECT 1 AS one");
      expect(row?.one).toBe(1);
    } finally {
      await database.close();
    }
  });
});

describe("a directory that cannot be opened", () => {
  it("never writes into a directory that is not a complete database, and names the command that moves it aside", async () => {
    mkdirSync(dir);
    writeFileSync(path.join(dir, "notes.txt"), "not a database");
    const error = await openProducts().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DatabaseOpenError);
    expect((error as Error).message).toContain(`products: ${dir} is not a complete database`);
    expect((error as Error).message).toContain(`pnpm db:reset ${JSON.stringify(dir)}`);
    expect(readdirSync(dir)).toEqual(["notes.txt"]);
  });

  it("says which service, which directory and which command when PGlite cannot open it; db:reset moves it aside and the next start is fresh", async () => {
    const database = await openProducts();
    await database.close();
    rmSync(path.join(dir, "global", "pg_control")); // damaged: PGlite aborts on it
    const error = await openProducts().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DatabaseOpenError);
    expect((error as Error).message).toMatch(new RegExp(`^products: the embedded database in ${dir} cannot be opened`));
    expect((error as Error).message).toContain(resetCommand(dir, "products"));

    const aside = resetEmbedded(dir, new Date("2026-11-25T21:40:00Z"));
    expect(aside).toBe(`${dir}.reset-2026-11-25T21-40-00Z`);
    expect(existsSync(path.join(aside!, "PG_VERSION"))).toBe(true); // moved, not deleted
    const fresh = await openProducts();
    try {
      expect(fresh.applied.length).toBeGreaterThan(0);
    } finally {
      await fresh.close();
    }
  });

  it("names a service's own directory by the service", () => {
    expect(resetCommand(defaultDataDir("users"), "users")).toBe("pnpm db:reset users");
  });
});

describe("pnpm db:backup, db:restore and db:reset", () => {
  const db = (...args: string[]) =>
    run(process.execPath, ["--import", "tsx", "scripts/db.ts", ...args], { cwd: repoRoot, env: { ...process.env, PRODUCTS_DATABASE_URL: `pglite:${dir}` } });

  it("restores a backup over a changed database, keeping the replaced one aside; reset refuses while the database is open", async () => {
    const database = await openProducts();
    const sku = (await database.prisma.product.findFirstOrThrow()).sku;
    await database.close();

    const backups = path.join(root, "backups");
    expect((await db("backup", "products", "--to", backups)).stdout).toContain("products.tar.gz");

    const changed = await openProducts();
    await changed.prisma.product.update({ where: { sku }, data: { name: "Changed after the backup" } });
    // While it is open, nothing else may touch it.
    await expect(db("reset", "products")).rejects.toMatchObject({ stderr: expect.stringContaining(`process ${process.pid} has it open`) });
    await changed.close();

    const restored = await db("restore", backups, "products");
    expect(restored.stdout).toMatch(/the database it replaced is in .*products\.before-restore-/);
    const after = await openProducts();
    try {
      expect((await after.prisma.product.findUniqueOrThrow({ where: { sku } })).name).not.toBe("Changed after the backup");
    } finally {
      await after.close();
    }
    const aside = readdirSync(root).find((name) => name.startsWith("products.before-restore-"))!;
    const replaced = await openProducts(`pglite:${path.join(root, aside)}`);
    try {
      expect((await replaced.prisma.product.findUniqueOrThrow({ where: { sku } })).name).toBe("Changed after the backup");
    } finally {
      await replaced.close();
    }

    expect((await db("reset", "products")).stdout).toMatch(/moved .* to .*products\.reset-/);
    expect(existsSync(dir)).toBe(false);
  });
});
