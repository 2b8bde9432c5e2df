// Reading back what the audit's harness leaves: results.txt, each suite's TAP log, and the printed report.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { casesFromTap, formatReport, parseFailures, parseResults, readReport } from "../src/results.ts";

// Shaped as node:test's TAP reporter writes a suite whose second case failed (the harness wraps each case in a
// describe block named after the suite).
const TAP = `TAP version 13
# Subtest: orders
    # Subtest: orders_0
    ok 1 - orders_0
      ---
      duration_ms: 12.5
      type: 'test'
      ...
    1..1
ok 1 - orders
  ---
  type: 'suite'
  ...
# Subtest: orders
    # Subtest: orders_1
    not ok 1 - orders_1
      ---
      duration_ms: 139.7
      type: 'test'
      failureType: 'testCodeFailure'
      error: |-
        Test failed for query
          query { a { field } }
        - Expected
        + Received
          Object {
        -   "data": null,
        +   "data": Object { "a": null },
          }
      code: 'ERR_ASSERTION'
      name: 'AssertionError'
      ...
    1..1
not ok 2 - orders
  ---
  type: 'suite'
  failureType: 'subtestsFailed'
  error: '1 subtest failed'
  ...
`;

describe("the audit's results", () => {
  it("reads results.txt: each suite and its marks, suites without marks too", () => {
    const text = "orders\n.X.\nusers\n\nkeys\nX\n\n---\nTotal: 4\nPassed: 2\nFailed: 2";
    expect(parseResults(text)).toEqual([
      { id: "orders", cases: [true, false, true] },
      { id: "users", cases: [] },
      { id: "keys", cases: [false] },
    ]);
  });

  it("counts a suite's cases from its TAP log, not its describe blocks", () => {
    expect(casesFromTap("orders", TAP)).toEqual([true, false]);
    expect(casesFromTap("users", TAP)).toEqual([]);
  });

  it("keeps the query and the diff of a failed case, without the rest of the diagnostic", () => {
    const [failure, ...others] = parseFailures("orders", TAP);
    expect(others).toEqual([]);
    expect(failure?.index).toBe(1);
    expect(failure?.detail.split("\n")[0]).toBe("Test failed for query");
    expect(failure?.detail).toContain('+   "data": Object { "a": null },');
    expect(failure?.detail).not.toContain("ERR_ASSERTION");
  });

  it("scores a run from results.txt and the logs beside it, and names each failure", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "audit-results-"));
    writeFileSync(path.join(dir, "results.txt"), "orders\nXX\nusers\n\n---\nTotal: 2\nPassed: 1\nFailed: 1");
    writeFileSync(path.join(dir, "orders-tests.log"), TAP);
    const report = readReport(path.join(dir, "results.txt"), dir);
    expect(report).toMatchObject({ passed: 1, total: 2 });
    expect(report.failures.map((failure) => [failure.suite, failure.index])).toEqual([
      ["orders", 1],
      ["users", -1],
    ]);
    const printed = formatReport(report);
    expect(printed).toContain("✗ orders case 1\n    Test failed for query");
    expect(printed).toContain("✗ users\n    no case ran");
    expect(printed.split("\n").at(-1)).toBe("Score: 1/2 cases passed in 2 test suites (2 suites with failures: orders, users)");
  });
});
