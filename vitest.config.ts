// Test runner configuration: unit and integration tests across the workspace.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "packages/*/test/**/*.test.ts",
      "subgraphs/*/test/**/*.test.ts",
      "router/test/**/*.test.ts",
      "test/**/*.test.ts",
      "tools/*/test/**/*.test.ts",
      "storefront/test/**/*.test.{ts,tsx}",
      "bench/test/**/*.test.ts",
    ],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
