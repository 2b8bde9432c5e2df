// `pnpm db:reset <service|directory>...`, `pnpm db:backup [service...] [--to <dir>]`, `pnpm db:restore <backup> [service...]`:
// the way out for the embedded databases, with the services stopped (each takes the directory's lock). A service's
// directory is the one `pnpm start` gives it: <SERVICE>_DATABASE_URL when that is a pglite: URL, else .data/<service>.
import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { databaseKind, embeddedDirectory } from "@shop/shared/database";
import { defaultDataDir, directoryState } from "@shop/shared/embedded-database";
import { backupEmbedded, resetEmbedded, restoreEmbedded, stamp } from "@shop/shared/embedded-maintenance";
import { repoRoot } from "@shop/shared/paths";
import { ownSubgraphs } from "./services.ts";

const [command, ...args] = process.argv.slice(2);
const SUBGRAPH_NAMES = ownSubgraphs().map((subgraph) => subgraph.name);
const shown = (file: string) => path.relative(process.cwd(), file) || ".";

class UsageError extends Error {}

/** The embedded directory of a service, or of a path given instead of a service name. */
function directoryOf(target: string): string {
  if (!SUBGRAPH_NAMES.includes(target)) {
    if (target.includes("/") || existsSync(target)) return path.resolve(target);
    throw new UsageError(`${target} is neither a service (${SUBGRAPH_NAMES.join(", ")}) nor a directory`);
  }
  const variable = `${target.toUpperCase()}_DATABASE_URL`;
  const url = process.env[variable];
  if (!url) return defaultDataDir(target);
  const dir = embeddedDirectory(url);
  if (!dir) throw new UsageError(`${target} uses ${databaseKind(url) === "postgresql" ? "PostgreSQL" : url} (${variable}): use pg_dump / pg_restore, these commands handle embedded databases`);
  return dir;
}

/** Splits `--to <dir>` from the other arguments. */
function option(name: string): { value?: string; rest: string[] } {
  const at = args.indexOf(name);
  if (at < 0) return { rest: args };
  const value = args[at + 1];
  if (!value) throw new UsageError(`${name} needs a value`);
  return { value, rest: args.filter((_, i) => i !== at && i !== at + 1) };
}

async function reset(): Promise<void> {
  if (args.length === 0) throw new UsageError(`name what to reset: pnpm db:reset <service|directory>... (services: ${SUBGRAPH_NAMES.join(", ")})`);
  for (const target of args) {
    const dir = directoryOf(target);
    const aside = resetEmbedded(dir);
    console.log(aside ? `${target}: moved ${shown(dir)} to ${shown(aside)}; the next start creates a fresh database` : `${target}: no database in ${shown(dir)}; the next start creates one`);
  }
}

async function backup(): Promise<void> {
  const { value, rest } = option("--to");
  const to = path.resolve(value ?? path.join(repoRoot, ".data", "backups", stamp()));
  const services = rest.length ? rest : SUBGRAPH_NAMES.filter((name) => directoryState(directoryOf(name)) === "database");
  if (services.length === 0) throw new UsageError("no embedded database to back up yet (pnpm start creates them)");
  mkdirSync(to, { recursive: true });
  for (const service of services) {
    const file = path.join(to, `${service}.tar.gz`);
    const bytes = await backupEmbedded(directoryOf(service), file);
    console.log(`${service}: ${shown(file)} (${(bytes / 1e6).toFixed(1)} MB)`);
  }
  console.log(`restore with: pnpm db:restore ${shown(to)}`);
}

async function restore(): Promise<void> {
  const [source, ...services] = args;
  if (!source) throw new UsageError("name the backup: pnpm db:restore <backup directory | <service>.tar.gz> [service...]");
  const files = statSync(source).isDirectory()
    ? readdirSync(source).filter((file) => file.endsWith(".tar.gz")).map((file) => path.join(source, file))
    : [source];
  const byService = new Map(files.map((file) => [path.basename(file, ".tar.gz"), file]));
  const chosen = services.length ? services : [...byService.keys()];
  for (const service of chosen) {
    const file = byService.get(service) ?? (files.length === 1 && services.length === 1 ? files[0] : undefined);
    if (!file) throw new UsageError(`no ${service}.tar.gz in ${shown(source)}`);
    const dir = directoryOf(service);
    const aside = await restoreEmbedded(dir, file);
    console.log(`${service}: restored ${shown(dir)} from ${shown(file)}${aside ? `; the database it replaced is in ${shown(aside)}` : ""}`);
  }
}

const commands: Record<string, () => Promise<void>> = { reset, backup, restore };
try {
  const run = commands[command ?? ""];
  if (!run) throw new UsageError(`usage: tsx scripts/db.ts reset|backup|restore ...`);
  await run();
} catch (error) {
  console.error(error instanceof UsageError ? error.message : `${command} failed: ${(error as Error).message}`);
  process.exit(1);
}
