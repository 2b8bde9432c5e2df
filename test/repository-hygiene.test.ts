// What the repository may hold: no file that only a generator should write (Prisma clients are generated at
// install), and no absolute path of the machine that wrote a file (it breaks every other checkout).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "@shop/shared/paths";
import { describe, expect, it } from "vitest";

const tracked = execFileSync("git", ["ls-files", "-z"], { cwd: repoRoot, encoding: "utf8" }).split("\0").filter(Boolean);

/** Home and work folders of Linux, macOS and Windows machines, and this checkout's own location. */
const MACHINE_PATHS = [/(?<![\w.])\/(home|Users|root|work)\/[\w.-]+\//, /\b[A-Z]:\\Users\\/, new RegExp(`${repoRoot.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/`)];

describe("the repository", () => {
  it("tracks no generated Prisma client (pnpm install generates them)", () => {
    expect(tracked.filter((file) => /__generated__\/prisma\//.test(file))).toEqual([]);
  });

  it("holds no absolute path of a machine in any tracked file", () => {
    const offending: string[] = [];
    for (const file of tracked) {
      let text: string;
      try {
        text = readFileSync(path.join(repoRoot, file), "utf8");
      } catch {
        continue; // deleted in the work tree
      }
      if (text.includes("\0")) continue; // binary
      text.split("\n").forEach((line, index) => {
        if (MACHINE_PATHS.some((pattern) => pattern.test(line))) offending.push(`${file}:${index + 1}: ${line.trim().slice(0, 120)}`);
      });
    }
    expect(offending).toEqual([]);
  });
});
