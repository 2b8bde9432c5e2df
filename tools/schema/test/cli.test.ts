// `pnpm schema:check` and `pnpm compose` as the child processes CI runs, on fixture copies of the schema files.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createFixture, type Fixture, REPO_ROOT, SDL } from "./fixture.ts";

const TSX = path.join(REPO_ROOT, "node_modules/.bin/tsx");

// Each command is a fresh Node process loading composition and graphql-inspector: seconds each on a busy machine.
vi.setConfig({ testTimeout: 120_000 });

let fixture: Fixture;
beforeEach(() => {
  fixture = createFixture();
});
afterEach(() => fixture.remove());

function run(script: "check" | "compose", ...args: string[]) {
  const result = spawnSync(TSX, [path.join(REPO_ROOT, "tools/schema/bin", `${script}.ts`), ...args], {
    cwd: fixture.root,
    encoding: "utf8",
    env: { ...process.env, NODE_OPTIONS: "" },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("schema:check command", () => {
  it("exits 1 naming the removed coordinate, in human and JSON form", () => {
    fixture.edit(SDL.products, /\s+"Unit price in the[^\n]*\n\s+priceCents: Int!/, "");
    const human = run("check");
    expect(human.code).toBe(1);
    expect(human.stdout).toContain("BREAKING           Product.priceCents: Field 'priceCents' was removed from object type 'Product' [FIELD_REMOVED]");
    expect(human.stdout).toContain("query MyOrders (test/operations/MyOrders.graphql:22)");

    const json = run("check", "--json");
    expect(json.code).toBe(1);
    const result = JSON.parse(json.stdout);
    expect(result.ok).toBe(false);
    expect(result.diff.blocking.map((change: { coordinate: string }) => change.coordinate)).toEqual(["Product.priceCents"]);
  });

  it("lets --allow-breaking waive the diff but not the operations that break", () => {
    fixture.edit(SDL.products, /\s+"Unit price in the[^\n]*\n\s+priceCents: Int!/, "");
    const allowed = run("check", "--allow-breaking");
    expect(allowed.stdout).toContain("allowed: --allow-breaking");
    // The operations that read the field still fail: the flag waives the diff, not the clients.
    expect(allowed.code).toBe(1);
  });

  it("refuses an unknown option with the usage", () => {
    const result = run("check", "--bse", "main");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Usage: pnpm schema:check");
  });
});

describe("compose command", () => {
  it("leaves an up-to-date supergraph.graphql unchanged", () => {
    const before = fixture.read("supergraph.graphql");
    const result = run("compose");
    expect(result.code).toBe(0);
    // The last line; a hint may come before it (the products subgraph's CacheControlScope is "unused").
    expect(result.stdout).toMatch(/(^|\n)supergraph\.graphql is up to date\.\n$/);
    expect(fixture.read("supergraph.graphql")).toBe(before);
  });

  it("fails with the code, the subgraphs and the message of a composition error, writing nothing", () => {
    const before = fixture.read("supergraph.graphql");
    fixture.edit(SDL.orders, /(type Product @key\(fields: "id", resolvable: false\) \{\n[^}]*)\}/, "$1  name: String!\n}");
    const result = run("compose");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('[INVALID_FIELD_SHARING] (subgraphs: orders, products) Non-shareable field "Product.name" is resolved from multiple subgraphs');
    expect(fixture.read("supergraph.graphql")).toBe(before);
  });

  it("records a safe change, and --check tells a stale file from a fresh one", () => {
    fixture.edit(SDL.products, "  inStock: Boolean!\n", "  inStock: Boolean!\n  weightGrams: Int\n");
    const stale = run("compose", "--check");
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain("supergraph.graphql is stale");
    const wrote = run("compose");
    expect(wrote.code).toBe(0);
    expect(wrote.stdout).toMatch(/(^|\n)Wrote supergraph\.graphql \(1 API change\(s\) since the previous version\)\.\n$/);
    expect(fixture.read("supergraph.graphql")).toContain("weightGrams: Int @join__field(graph: PRODUCTS)");
    expect(run("compose", "--check").code).toBe(0);
  });

  it("refuses to record an unacknowledged breaking change", () => {
    const before = fixture.read("supergraph.graphql");
    fixture.edit(SDL.products, /\s+"Units available to order."\n\s+stock: Int!/, "");
    const result = run("compose");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Product.stock: Field 'stock' was removed from object type 'Product' [FIELD_REMOVED]");
    expect(fixture.read("supergraph.graphql")).toBe(before);
  });
});
