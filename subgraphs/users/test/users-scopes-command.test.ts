// `pnpm users:grant` / `users:revoke` run as real processes against an embedded (PGlite) users database and, with
// TEST_POSTGRES_URL, a PostgreSQL one: they grant and revoke, say what they did, refuse unknown scopes and
// accounts without changing anything, and refuse an embedded database another process has open (its lock).
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { createLogger } from "@shop/shared/logger";
import { repoRoot } from "@shop/shared/paths";
import { openServiceDatabase } from "@shop/shared/service-database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seed } from "../../../prisma/users/seed.ts";
import { backends, createDatabases, type TestDatabases } from "../../../test/support/databases.ts";
import { PrismaClient } from "../src/__generated__/prisma/client.ts";

const run = promisify(execFile);

/** Runs the command as `pnpm users:<action>` does; its exit code and output. */
async function command(url: string, action: "grant" | "revoke", ...args: string[]) {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, USERS_DATABASE_URL: url };
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", path.join(repoRoot, "scripts/users-scopes.ts"), action, ...args], { cwd: repoRoot, env });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

describe.each(backends)("users:grant and users:revoke on %s", (backend) => {
  let databases: TestDatabases | undefined;
  let dir: string | undefined;
  let url: string;

  /** Opens the users database in this process (taking an embedded directory's lock) for `use`, then closes it. */
  async function withDatabase<T>(use: (prisma: PrismaClient) => Promise<T>): Promise<T> {
    const database = await openServiceDatabase({
      service: "users",
      url,
      createClient: (options) => new PrismaClient(options),
      seed,
      seedMode: "always",
      production: false,
      logger: createLogger("users", "error"),
    });
    try {
      return await use(database.prisma);
    } finally {
      await database.close();
    }
  }
  const scopesOf = (email: string) => withDatabase(async (prisma) => (await prisma.user.findUniqueOrThrow({ where: { email } })).scopes);

  beforeAll(async () => {
    if (backend === "pglite") {
      dir = mkdtempSync(path.join(tmpdir(), "users-scopes-"));
      url = `pglite:${path.join(dir, "users")}`;
    } else {
      databases = await createDatabases("postgresql");
      url = databases.urls.users;
    }
    await withDatabase(async () => {}); // created, migrated and seeded, then closed, as after `pnpm start`
  }, 120_000);
  afterAll(async () => {
    await databases?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("grants scopes to an account, says what it did, and leaves scopes it already held", async () => {
    const first = await command(url, "grant", "Ada@Example.com", "users:admin", "catalog:write");
    expect(first.code).toBe(0);
    expect(first.output).toContain("ada@example.com: granted users:admin catalog:write");
    expect(first.output).toContain("now holds: catalog:write users:admin");
    const again = await command(url, "grant", "ada@example.com", "catalog:write");
    expect(again.output).toContain("nothing to grant (already held: catalog:write)");
    expect(await scopesOf("ada@example.com")).toEqual(["catalog:write", "users:admin"]);
  }, 60_000);

  it("revokes scopes, and says so when the account did not hold them", async () => {
    const result = await command(url, "revoke", "staff@example.com", "payments:refund", "users:admin");
    expect(result.code).toBe(0);
    expect(result.output).toContain("staff@example.com: revoked payments:refund (not held: users:admin)");
    expect(await scopesOf("staff@example.com")).toEqual(["catalog:write", "orders:manage"]);
  }, 60_000);

  it("refuses an unknown scope, a missing scope and an unknown account, changing nothing", async () => {
    const before = await scopesOf("grace@example.com");
    const unknown = await command(url, "grant", "grace@example.com", "orders:manage", "root");
    expect(unknown).toMatchObject({ code: 1 });
    expect(unknown.output).toContain("unknown scope root; the scopes are catalog:write, orders:manage, payments:refund, users:admin");
    expect((await command(url, "grant", "grace@example.com")).output).toContain("usage: pnpm users:grant");
    const nobody = await command(url, "grant", "nobody@example.com", "orders:manage");
    expect(nobody).toMatchObject({ code: 1 });
    expect(nobody.output).toContain("no account with the email nobody@example.com");
    expect(await scopesOf("grace@example.com")).toEqual(before);
  }, 60_000);

  it.skipIf(backend !== "pglite")("refuses an embedded database that another process has open, naming it", async () => {
    await withDatabase(async () => {
      const refused = await command(url, "grant", "grace@example.com", "orders:manage");
      expect(refused.code).toBe(1);
      expect(refused.output).toContain(`process ${process.pid} has it open`);
    });
    expect(await scopesOf("grace@example.com")).toEqual([]);
  }, 60_000);
});
