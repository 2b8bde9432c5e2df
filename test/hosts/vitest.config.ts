// Test runner configuration of `pnpm test:hosts` (scripts/test-hosts.ts): the integration suites against the
// supergraph running in network namespaces (STACK_ROUTER_URL), then the link cut-and-restore test. One file at a
// time and in this order: they share that one supergraph and its databases, and the first two check the demo data
// as seeded, before the checkout suites add orders and products.
import path from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";
import { defineConfig } from "vitest/config";

export const HOSTS_SUITES = [
  "test/supergraph.test.ts",
  "test/operations.test.ts",
  "test/checkout.test.ts",
  "test/checkout-invariants.test.ts",
  // Listed so the run reports it skipped, with the reason: it crashes and restarts services in its own process.
  "test/checkout-recovery.test.ts",
];
export const HOSTS_CUT_TEST = "test/hosts/link-cut.test.ts";

class ListedOrder extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => [...HOSTS_SUITES, HOSTS_CUT_TEST].findIndex((listed) => file.moduleId.endsWith(listed));
    return [...files].sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    root: path.resolve(import.meta.dirname, "../.."),
    include: [...HOSTS_SUITES, HOSTS_CUT_TEST],
    fileParallelism: false,
    sequence: { sequencer: ListedOrder },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
