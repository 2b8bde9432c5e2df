// `pnpm db:migration <service> <name>`: writes prisma/<service>/migrations/<timestamp>_<name>/migration.sql,
// the SQL that takes a database from the existing migrations to the current schema.prisma.
//
// `prisma migrate dev` needs a shadow database, and `--from-schema-datasource` is refused with a driver
// adapter; so the diff runs from schema.prisma as last committed (the state the committed migrations
// produce) to schema.prisma in the working tree.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { repoRoot } from "@shop/shared/paths";

const [service, name] = process.argv.slice(2);
if (!service || !name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: pnpm db:migration <service> <snake_case_name>");
  process.exit(2);
}
const dir = path.join(repoRoot, "prisma", service);
const scratch = mkdtempSync(path.join(tmpdir(), `migration-${service}-`));
try {
  let from = ["--from-empty"];
  try {
    const committed = execFileSync("git", ["show", `HEAD:prisma/${service}/schema.prisma`], { cwd: repoRoot, encoding: "utf8" });
    writeFileSync(path.join(scratch, "schema.prisma"), committed);
    from = ["--from-schema-datamodel", path.join(scratch, "schema.prisma")];
  } catch {
    /* not committed yet: diff from an empty database */
  }
  const sql = execFileSync(
    path.join(repoRoot, "node_modules/.bin/prisma"),
    ["migrate", "diff", "--config", path.join(dir, "prisma.config.ts"), ...from,
      "--to-schema-datamodel", path.join(dir, "schema.prisma"), "--script"],
    { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
  );
  if (!sql.trim() || /^-- This is an empty migration/.test(sql.trim())) {
    console.log("schema.prisma matches the migrations: nothing to write");
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const target = path.join(dir, "migrations", `${stamp}_${name}`);
    mkdirSync(target);
    writeFileSync(path.join(target, "migration.sql"), sql);
    console.log(`wrote ${path.relative(repoRoot, target)}/migration.sql; review it, then regenerate the client`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
