// NODE_ENV=production without its secrets: each process refuses to start, names the missing variable and
// exits non-zero (real processes, started the way `pnpm start` starts them).
import { spawnSync } from "node:child_process";
import path from "node:path";
import { repoRoot } from "@shop/shared/paths";
import { describe, expect, it } from "vitest";

const SECRET = "production-secret-0123456789abcdef0123456789";

function start(entry: string, env: Record<string, string>) {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !["JWT_SECRET", "SUBGRAPH_SECRET", "NODE_ENV", "VITEST", "TEST"].includes(name)),
  );
  return spawnSync(process.execPath, ["--import", "tsx", path.join(repoRoot, entry)], {
    cwd: repoRoot,
    env: { ...clean, PORT: "0", DATABASE_URL: "memory://", LOG_LEVEL: "info", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
}

describe("production start without secrets", () => {
  it("the router names JWT_SECRET, then SUBGRAPH_SECRET, and exits 1", () => {
    const noJwt = start("router/src/main.ts", { NODE_ENV: "production", SUBGRAPH_SECRET: SECRET });
    expect(noJwt.status).toBe(1);
    expect(noJwt.stdout + noJwt.stderr).toMatch(/JWT_SECRET is required when NODE_ENV=production/);
    const noSubgraph = start("router/src/main.ts", { NODE_ENV: "production", JWT_SECRET: SECRET });
    expect(noSubgraph.status).toBe(1);
    expect(noSubgraph.stdout + noSubgraph.stderr).toMatch(/SUBGRAPH_SECRET is required when NODE_ENV=production/);
  });

  it("a subgraph names SUBGRAPH_SECRET and exits 1", () => {
    const result = start("subgraphs/payments/src/main.ts", { NODE_ENV: "production" });
    expect(result.status).toBe(1);
    expect(result.stdout + result.stderr).toMatch(/SUBGRAPH_SECRET is required when NODE_ENV=production/);
  });
});

describe("production start with a weak secret", () => {
  it("the router and a subgraph refuse a repeated character and the committed sample, in one line, and exit 1", () => {
    const identical = start("router/src/main.ts", { NODE_ENV: "production", JWT_SECRET: "x".repeat(32), SUBGRAPH_SECRET: SECRET });
    expect(identical.status).toBe(1);
    expect(identical.stdout + identical.stderr).toMatch(/JWT_SECRET is too predictable/);
    const sample = start("subgraphs/products/src/main.ts", { NODE_ENV: "production", SUBGRAPH_SECRET: "dev-only-subgraph-secret-change-me-012345" });
    expect(sample.status).toBe(1);
    expect(sample.stdout + sample.stderr).toMatch(/SUBGRAPH_SECRET is a sample value committed to the repository/);
  });
});
