// An embedded (PGlite) database in a directory: one process at a time (directory-lock.ts), created atomically (built
// beside it and renamed into place only once complete), and when it cannot be opened, an error saying the way out.
//
// Why: PGlite killed during its first initialisation leaves a directory that aborts on every later open, and two
// processes on one directory corrupt it the same way (electric-sql/pglite#1106, #327). A database that appears
// only complete, and only ever one opener, leave nothing for a crash to break that WAL replay does not repair.
import { closeSync, existsSync, fsyncSync, openSync, readdirSync, renameSync, rmdirSync, rmSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { type DirectoryLock, lockDirectory } from "./directory-lock.ts";
import { repoRoot } from "./paths.ts";

/** Where `pnpm start` keeps a service's embedded database: `.data/<service>` at the repository root. */
export function defaultDataDir(service: string): string {
  return path.join(repoRoot, ".data", service);
}

/** The command that moves a broken database directory aside (never deletes it), for error messages. */
export function resetCommand(directory: string, service?: string): string {
  const named = service && path.resolve(directory) === defaultDataDir(service);
  return `pnpm db:reset ${named ? service : JSON.stringify(path.resolve(directory))}`;
}

export class DatabaseOpenError extends Error {
  override name = "DatabaseOpenError";
}

/** A new database is built here, beside its directory; whatever is found here at start was interrupted. */
export const buildingDir = (directory: string) => `${path.resolve(directory)}.creating`;

export interface OpenEmbeddedOptions {
  /** The service the database belongs to, for the recovery command in errors. */
  service?: string;
  /** Told when the database does not exist yet and is about to be created (a long first start). */
  creating?: () => void;
  /** Runs on a new database before it appears under its directory (migrations, demo data). */
  initialise?: (pglite: PGlite) => Promise<void>;
}

export interface OpenedEmbedded {
  pglite: PGlite;
  /** Closes the database and releases the directory. */
  close(): Promise<void>;
}

/** Locks `directory`, creates it atomically when absent, and opens it. */
export async function openEmbedded(directory: string, options: OpenEmbeddedOptions = {}): Promise<OpenedEmbedded> {
  const dir = path.resolve(directory);
  const lock = lockDirectory(dir);
  try {
    const state = directoryState(dir);
    if (state === "foreign") throw foreignError(dir, options.service);
    if (state === "none") {
      options.creating?.();
      if (existsSync(dir)) rmdirSync(dir); // empty: rmdir refuses anything else
      await createDatabaseDirectory(dir, { initialise: options.initialise });
    }
    const pglite = await openExisting(dir, options.service);
    return { pglite, close: () => closeAndRelease(pglite, lock) };
  } catch (error) {
    lock.release();
    throw error;
  }
}

async function closeAndRelease(pglite: PGlite, lock: DirectoryLock): Promise<void> {
  try {
    if (!pglite.closed) await pglite.close();
  } finally {
    lock.release();
  }
}

/**
 * What a directory holds: a complete database, none yet (missing or empty), or something else (files but no
 * PG_VERSION: a first start interrupted before this release, or not a database at all), which is never written into.
 */
export function directoryState(dir: string): "database" | "none" | "foreign" {
  if (!existsSync(dir)) return "none";
  if (existsSync(path.join(dir, "PG_VERSION"))) return "database";
  return readdirSync(dir).length === 0 ? "none" : "foreign";
}

function foreignError(dir: string, service?: string): DatabaseOpenError {
  return new DatabaseOpenError(
    `${label(service)}${dir} is not a complete database (no PG_VERSION: probably a first start interrupted by an older release). ` +
      `Run \`${resetCommand(dir, service)}\` to move it aside (nothing is deleted); the next start creates a fresh one.`,
  );
}

export interface CreateOptions {
  initialise?: OpenEmbeddedOptions["initialise"];
  /** A data-directory tarball (PGlite's dumpDataDir) to create the database from, for a restore. */
  loadDataDir?: Blob;
  /** Where to move a database already at `dir` just before the new one takes its place (a restore); otherwise `dir` must not exist. */
  moveAsideTo?: string;
}

/**
 * Builds a database in `<dir>.creating` (removing an interrupted one first), initialises it, closes it, flushes
 * it to disk and renames it to `dir`. The caller holds the directory's lock.
 */
export async function createDatabaseDirectory(dir: string, options: CreateOptions = {}): Promise<void> {
  const building = buildingDir(dir);
  rmSync(building, { recursive: true, force: true }); // incomplete by construction: never renamed into place
  const pglite = new PGlite(building, options.loadDataDir ? { loadDataDir: options.loadDataDir } : {});
  try {
    await pglite.waitReady;
    await options.initialise?.(pglite);
    await pglite.close();
    // The rename publishes the database: its files must be on disk first, or a power loss could publish holes.
    syncTree(building);
    if (options.moveAsideTo && existsSync(dir)) renameSync(dir, options.moveAsideTo);
    renameSync(building, dir);
    syncPath(path.dirname(dir));
  } catch (error) {
    if (!pglite.closed) await pglite.close().catch(() => {});
    rmSync(building, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Opens PGlite on a complete database whose directory lock the caller holds, after removing PGlite's `postmaster.pid`.
 *
 * Why: at every open PGlite unlinks that file, creates it empty, then writes its fake pid -42 into it; a SIGKILL in
 * between (measured: under a millisecond idle, longer on a loaded machine) leaves it empty, and every later open
 * then dies in Postgres's lock check (FATAL "lock file is empty", surfacing as `RuntimeError: unreachable`) although
 * the data is intact. The file is never a lock here (always pid -42, and the directory lock keeps out every other
 * opener of ours), and PGlite replaces it at every open anyway, so removing it first loses nothing.
 */
export async function openPGlite(dir: string): Promise<PGlite> {
  rmSync(path.join(dir, "postmaster.pid"), { force: true });
  const pglite = new PGlite(dir);
  await pglite.waitReady;
  return pglite;
}

/** Opens a complete database; a failure becomes an error naming the directory and the command that gets out of it. */
async function openExisting(dir: string, service?: string): Promise<PGlite> {
  try {
    return await openPGlite(dir);
  } catch (error) {
    throw new DatabaseOpenError(
      `${label(service)}the embedded database in ${dir} cannot be opened (${(error as Error).message}). ` +
        "It may be damaged (by a crash while an older release was creating it, or by two processes opening it at once) or come from another PGlite version. " +
        `Run \`${resetCommand(dir, service)}\` to move it aside (nothing is deleted) and let the next start create a fresh one, ` +
        `or \`pnpm db:restore <backup>${service ? ` ${service}` : ""}\` to restore a backup.`,
      { cause: error },
    );
  }
}

const label = (service?: string) => (service ? `${service}: ` : "");

function syncTree(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const child = path.join(dir, entry.name);
    if (entry.isDirectory()) syncTree(child);
    else if (entry.isFile()) syncPath(child);
  }
  syncPath(dir);
}

function syncPath(file: string): void {
  const fd = openSync(file, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
