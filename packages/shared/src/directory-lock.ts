// One process at a time per data directory: a `<dir>.lock` file beside it names the holder's pid; a second opener
// is refused at once, a lock whose holder is gone is taken over, and the holder's exit (even process.exit) releases it.
//
// Hand-written because the guarantee needed is a pid check, not a lease: Node has no flock(2), and the lock
// libraries (proper-lockfile, lockfile) judge staleness by age, so a restart right after a crash would wait out
// the lease, and a paused holder would lose its lock. PGlite takes no lock of its own: its `postmaster.pid` always
// holds the fake pid -42 and stays after every close, so it says nothing about who has the directory open.
import { randomBytes } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";

/** What the lock file records about its holder. */
export interface LockHolder {
  pid: number;
  /** Unique per acquisition, so a release never removes a lock that another acquisition holds now. */
  token: string;
  since: string;
  command: string;
}

export class DirectoryLockedError extends Error {
  override name = "DirectoryLockedError";
  constructor(
    readonly directory: string,
    readonly holder: LockHolder,
  ) {
    const who = holder.pid === process.pid ? `this process (pid ${holder.pid}) already has it open` : `process ${holder.pid} has it open`;
    super(`${directory} is in use: ${who} since ${holder.since} (${holder.command}); stop that process first, one process at a time may open it`);
  }
}

export interface DirectoryLock {
  /** The lock file. */
  file: string;
  release(): void;
}

/** This process's locks (file → token): a lock recording our own pid that is not here is a previous process's. */
const held = new Map<string, string>();
let releaseOnExit = false;

export function lockFileOf(directory: string): string {
  return `${path.resolve(directory)}.lock`;
}

/** Takes the directory's lock or throws DirectoryLockedError naming the holder. The directory itself need not exist. */
export function lockDirectory(directory: string): DirectoryLock {
  const file = lockFileOf(directory);
  mkdirSync(path.dirname(file), { recursive: true });
  const holder: LockHolder = {
    pid: process.pid,
    token: randomBytes(12).toString("hex"),
    since: new Date().toISOString(),
    command: [process.argv0, ...process.argv.slice(1).map((arg) => (path.isAbsolute(arg) ? path.relative(process.cwd(), arg) : arg))].join(" ").slice(0, 200),
  };
  const mine = `${file}.${process.pid}.${holder.token}`;
  writeFileSync(mine, JSON.stringify(holder));
  try {
    // A few rounds: each either takes the lock, finds a live holder, or clears a stale lock and tries again.
    for (let round = 0; round < 5; round++) {
      try {
        linkSync(mine, file); // atomic: fails if the lock exists, and a reader never sees a half-written one
        held.set(file, holder.token);
        registerExitRelease();
        return { file, release: () => release(file, holder.token) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      const current = readHolder(file);
      if (current && isAlive(current, file)) throw new DirectoryLockedError(path.resolve(directory), current);
      clearStale(file, current);
    }
    throw new Error(`could not take the lock ${file}: it keeps changing hands`);
  } finally {
    unlinkSync(mine);
  }
}

/**
 * Removes a stale lock, unless another process replaced it since we read it: the lock is moved aside (atomic),
 * and put back if what was moved is not the stale one. (Three processes racing on one stale lock within
 * microseconds could still both win; two cannot.)
 */
function clearStale(file: string, stale: LockHolder | undefined): void {
  const aside = `${file}.stale.${process.pid}.${randomBytes(4).toString("hex")}`;
  try {
    renameSync(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return; // cleared by someone else: try again
    throw error;
  }
  const moved = readHolder(aside);
  if (moved && moved.token !== stale?.token && isAlive(moved, file)) {
    try {
      linkSync(aside, file);
    } catch {
      /* a third process took it meanwhile */
    }
  }
  unlinkSync(aside);
}

function readHolder(file: string): LockHolder | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockHolder>;
    if (Number.isInteger(parsed.pid) && typeof parsed.token === "string") {
      return { pid: parsed.pid!, token: parsed.token, since: String(parsed.since ?? "?"), command: String(parsed.command ?? "?") };
    }
  } catch {
    /* unreadable: a lock written by something else, or cut short by a power loss; stale */
  }
  return { pid: -1, token: "", since: "?", command: "?" };
}

/** A holder is alive if its process exists; our own pid counts only for a lock this process took (pid reuse, pid 1 in containers). */
function isAlive(holder: LockHolder, file: string): boolean {
  if (holder.pid <= 0) return false;
  if (holder.pid === process.pid) return held.get(file) === holder.token;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"; // exists, owned by another user
  }
}

function release(file: string, token: string): void {
  if (held.get(file) !== token) return;
  held.delete(file);
  try {
    if (readHolder(file)?.token === token) unlinkSync(file);
  } catch {
    /* already gone */
  }
}

/** On exit (process.exit after a fatal error included) every lock still held is released; a SIGKILL leaves a stale one. */
function registerExitRelease(): void {
  if (releaseOnExit) return;
  releaseOnExit = true;
  process.on("exit", () => {
    for (const [file, token] of [...held]) release(file, token);
  });
}
