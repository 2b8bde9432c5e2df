// `pnpm test:e2e`: the storefront in headless Chromium against the real stack, one file at a time.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../.."),
  test: {
    include: ["storefront/e2e/**/*.e2e.ts"],
    testTimeout: 120_000,
    hookTimeout: 600_000,
    pool: "forks",
    fileParallelism: false,
    // A page waits on four services on a shared machine: give every polled expectation time to settle.
    expect: { poll: { timeout: 20_000, interval: 100 } },
  },
});
