// Test runner configuration: unit and integration tests across the workspace.
import { configDefaults, defineConfig } from "vitest/config";

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
    // Needs the namespaces that `pnpm test:hosts` sets up; it runs there (test/hosts/vitest.config.ts).
    exclude: [...configDefaults.exclude, "test/hosts/**"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
