// The way out for embedded (PGlite) databases, behind `pnpm db:reset`, `db:backup` and `db:restore`: each takes the
// directory's lock (so never under a running service), and none deletes a database, it moves it aside.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { lockDirectory } from "./directory-lock.ts";
import { buildingDir, createDatabaseDirectory, directoryState, openPGlite } from "./embedded-database.ts";

/** A timestamp for file names: 2026-11-25T21-40-00Z. */
export function stamp(date = new Date()): string {
  return date.toISOString().replace(/\.\d+Z$/, "Z").replace(/:/g, "-");
}

/**
 * Moves `dir` aside to `<dir>.reset-<stamp>` (and drops an interrupted creation beside it), so that the next start
 * creates a fresh database. Returns where it went, or undefined when there was nothing to move.
 */
export function resetEmbedded(dir: string, now = new Date()): string | undefined {
  const lock = lockDirectory(dir);
  try {
    rmSync(buildingDir(dir), { recursive: true, force: true });
    if (!existsSync(dir)) return undefined;
    const aside = `${path.resolve(dir)}.reset-${stamp(now)}`;
    renameSync(dir, aside);
    return aside;
  } finally {
    lock.release();
  }
}

/** Writes a gzipped tarball of the database in `dir` (PGlite's dumpDataDir) to `file`, complete or not at all. */
export async function backupEmbedded(dir: string, file: string): Promise<number> {
  const lock = lockDirectory(dir);
  try {
    if (directoryState(dir) !== "database") throw new Error(`${dir} holds no database to back up`);
    const pglite = await openPGlite(dir);
    try {
      const dump = Buffer.from(await (await pglite.dumpDataDir("gzip")).arrayBuffer());
      const partial = `${file}.partial`;
      writeFileSync(partial, dump);
      renameSync(partial, file);
      return dump.length;
    } finally {
      await pglite.close();
    }
  } finally {
    lock.release();
  }
}

/**
 * Replaces the database in `dir` by the backup `file`: the backup is unpacked and opened beside it first, and only
 * once it opens does the current database move aside (to `<dir>.before-restore-<stamp>`, returned) and it take its place.
 */
export async function restoreEmbedded(dir: string, file: string, now = new Date()): Promise<string | undefined> {
  const lock = lockDirectory(dir);
  try {
    const aside = existsSync(dir) ? `${path.resolve(dir)}.before-restore-${stamp(now)}` : undefined;
    await createDatabaseDirectory(dir, {
      loadDataDir: new Blob([readFileSync(file)]),
      // A backup that unpacks but holds no database of ours must not replace one that works.
      initialise: async (pglite) => {
        await pglite.query(`SELECT count(*) FROM "_prisma_migrations"`);
      },
      moveAsideTo: aside,
    });
    return aside;
  } finally {
    lock.release();
  }
}
