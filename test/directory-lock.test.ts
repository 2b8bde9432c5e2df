// One process at a time per data directory: a second opener (another process, or this one) is refused at once naming the
// holder, a lock whose holder died (SIGKILL, a previous process with our pid, an unreadable file) is taken over, and exit releases it.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { exitOf, hasExited, onLines } from "@shop/shared/child-process";
import { eventually } from "@shop/shared/testing";
import { DirectoryLockedError, lockDirectory, lockFileOf } from "@shop/shared/directory-lock";
import { repoRoot } from "@shop/shared/paths";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

let root: string;
let dir: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), "shop-lock-"));
  dir = path.join(root, "products");
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Another process that takes the lock, says so, then waits; with `exit`, exits at once with that code (resolved once it has). */
async function holder(directory: string, exit?: number): Promise<ChildProcess> {
  const script = `import { lockDirectory } from "@shop/shared/directory-lock";
    lockDirectory(${JSON.stringify(directory)}); console.log("locked");
    ${exit === undefined ? "setInterval(() => {}, 1000);" : `process.exit(${exit});`}`;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: repoRoot, stdio: ["ignore", "pipe", "inherit"] });
  let locked = false;
  onLines(child, (line) => {
    locked ||= line === "locked";
  });
  if (exit === undefined) {
    await eventually(async () => locked || hasExited(child), { timeoutMs: 30_000 });
    if (!locked) throw new Error(`holder exited (${child.exitCode}) before taking the lock`);
  } else {
    await exitOf(child); // and its output read
    expect(locked).toBe(true);
    expect(child.exitCode).toBe(exit);
  }
  return child;
}

describe("directory lock", () => {
  it("refuses a second process at once, naming the directory and the holder's pid, and is taken over once the holder is killed", async () => {
    const child = await holder(dir);
    try {
      let refused: unknown;
      try {
        lockDirectory(dir).release();
      } catch (error) {
        refused = error;
      }
      expect(refused).toBeInstanceOf(DirectoryLockedError);
      expect((refused as Error).message).toContain(dir);
      expect((refused as Error).message).toContain(`process ${child.pid} has it open`);
      expect((refused as DirectoryLockedError).holder.pid).toBe(child.pid);
    } finally {
      child.kill("SIGKILL");
      await exitOf(child);
    }
    // The SIGKILLed holder left its lock file behind: stale, taken over.
    expect(existsSync(lockFileOf(dir))).toBe(true);
    const lock = lockDirectory(dir);
    expect(JSON.parse(readFileSync(lock.file, "utf8")).pid).toBe(process.pid);
    lock.release();
    expect(existsSync(lockFileOf(dir))).toBe(false);
  });

  it("refuses a second opener in the same process, and allows it again after release", () => {
    const first = lockDirectory(dir);
    expect(() => lockDirectory(dir)).toThrow(/this process \(pid \d+\) already has it open/);
    first.release();
    lockDirectory(dir).release();
  });

  it("is released when its holder exits, process.exit after a fatal error included", async () => {
    await holder(dir, 1);
    expect(existsSync(lockFileOf(dir))).toBe(false);
  });

  it.each([
    ["PGlite's fake pid", JSON.stringify({ pid: -42, token: "x" })],
    ["a previous process that had our pid (pid 1 in a container)", JSON.stringify({ pid: process.pid, token: "earlier" })],
    ["an unreadable file", "garbage"],
    ["an empty file", ""],
  ])("takes over a lock left by %s", (_what, content) => {
    writeFileSync(lockFileOf(dir), content);
    const lock = lockDirectory(dir);
    expect(JSON.parse(readFileSync(lock.file, "utf8")).pid).toBe(process.pid);
    lock.release();
  });

  it("leaves a lock it no longer holds alone when released late", () => {
    const lock = lockDirectory(dir);
    rmSync(lock.file); // e.g. removed by hand, then taken by someone else
    const other = JSON.stringify({ pid: 1, token: "someone-else", since: "now", command: "other" });
    writeFileSync(lock.file, other);
    lock.release();
    expect(readFileSync(lock.file, "utf8")).toBe(other);
  });
});
