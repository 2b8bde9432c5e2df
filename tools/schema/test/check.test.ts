// The schema check on fixture changes to copies of the real subgraph SDLs: each kind of failure, and safe changes.
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runSchemaCheck } from "../check.ts";
import { composeFromConfig, renderSupergraphFile } from "../compose.ts";
import { formatReport } from "../report.ts";
import { createFixture, type Fixture, SDL } from "./fixture.ts";

let fixture: Fixture;
beforeEach(() => {
  fixture = createFixture();
});
afterEach(() => fixture.remove());

const check = (options: { baseRef?: string; allowBreaking?: boolean } = {}) => runSchemaCheck({ root: fixture.root, ...options });

/** Records the fixture's current composition as its supergraph.graphql, as `pnpm compose` would. */
function recordComposition() {
  const composition = composeFromConfig(`${fixture.root}/supergraph.yaml`);
  if (!composition.ok) throw new Error("fixture does not compose");
  fixture.write("supergraph.graphql", renderSupergraphFile(composition.supergraphSdl));
}

describe("schema check", () => {
  it("passes on the repository as committed, with the client operations checked", async () => {
    const result = await check();
    expect(result.ok).toBe(true);
    expect(result.diff?.changes).toEqual([]);
    expect(result.operations?.documents).toBeGreaterThanOrEqual(7);
    expect(result.operations?.problems).toEqual([]);
    expect(result.supergraphFileStale).toBe(false);
    expect(formatReport(result)).toContain("Schema check passed.");
  });

  it("fails on a removed field, naming its coordinate and every operation that reads it", async () => {
    fixture.edit(SDL.products, /\s+"Unit price in the[^\n]*\n\s+priceCents: Int!/, "");
    const result = await check();
    expect(result.ok).toBe(false);
    expect(result.diff?.blocking).toEqual([
      expect.objectContaining({ level: "breaking", type: "FIELD_REMOVED", coordinate: "Product.priceCents" }),
    ]);
    const invalid = result.operations?.problems.filter((problem) => problem.severity === "error") ?? [];
    expect(invalid.map((problem) => `${problem.file} ${problem.operation} ${problem.location}`).sort()).toEqual([
      "test/operations/CreateProduct.graphql mutation CreateProduct test/operations/CreateProduct.graphql:7",
      "test/operations/MyOrders.graphql query MyOrders test/operations/MyOrders.graphql:22",
      "test/operations/Product.graphql query Product via fragment ProductCard test/operations/ProductCard.graphql:5",
      "test/operations/ProductsPage.graphql query ProductsPage via fragment ProductCard test/operations/ProductCard.graphql:5",
      "test/operations/UpdateProduct.graphql mutation UpdateProduct test/operations/UpdateProduct.graphql:7",
    ]);
    for (const problem of invalid) expect(problem.message).toBe('Cannot query field "priceCents" on type "Product".');
    const report = formatReport(result);
    expect(report).toContain("BREAKING           Product.priceCents: Field 'priceCents' was removed from object type 'Product'");
    expect(report).toContain("Schema check FAILED: 1 unacknowledged breaking change(s): Product.priceCents; 5 invalid operation(s).");
  });

  it("fails on a changed field type", async () => {
    fixture.edit(SDL.products, "stock: Int!", "stock: String!");
    const result = await check();
    expect(result.ok).toBe(false);
    expect(result.diff?.blocking).toEqual([
      expect.objectContaining({ type: "FIELD_TYPE_CHANGED", coordinate: "Product.stock", message: "Field 'Product.stock' changed type from 'Int!' to 'String!'" }),
    ]);
  });

  it("classifies a field made nullable as breaking and a new optional argument as dangerous", async () => {
    fixture.edit(SDL.products, "name: String!", "name: String");
    fixture.edit(SDL.products, /search: String( @cost\(weight: \d+\))?\n/, `$&    "Only products in stock."\n    inStockOnly: Boolean\n`);
    const result = await check();
    expect(result.diff?.changes.map((change) => [change.level, change.coordinate])).toEqual(
      expect.arrayContaining([
        ["breaking", "Product.name"],
        ["dangerous", "Query.products.inStockOnly"],
      ]),
    );
  });

  it("fails when a second subgraph defines a non-shareable field, naming the field and both subgraphs", async () => {
    fixture.edit(SDL.orders, /(type Product @key\(fields: "id", resolvable: false\) \{\n[^}]*)\}/, '$1  "Display name."\n  name: String!\n}');
    const result = await check();
    expect(result.ok).toBe(false);
    expect(result.composition.errors).toEqual([
      {
        code: "INVALID_FIELD_SHARING",
        subgraphs: ["orders", "products"],
        message: expect.stringContaining('Non-shareable field "Product.name" is resolved from multiple subgraphs'),
      },
    ]);
    expect(result.diff).toBeNull();
    expect(formatReport(result)).toContain('[INVALID_FIELD_SHARING] (subgraphs: orders, products) Non-shareable field "Product.name"');
  });

  it("fails on a @key over a field the type does not have", async () => {
    fixture.edit(SDL.payments, 'type Payment @key(fields: "id")', 'type Payment @key(fields: "reference")');
    const result = await check();
    expect(result.ok).toBe(false);
    expect(result.composition.errors).toEqual([
      expect.objectContaining({ code: "KEY_INVALID_FIELDS", subgraphs: ["payments"], message: expect.stringContaining('Cannot query field "reference" on type "Payment"') }),
    ]);
  });

  it("fails on a @requires of a field that is not @external", async () => {
    fixture.edit(SDL.orders, 'import: ["@key"', 'import: ["@key", "@requires"');
    fixture.edit(
      SDL.orders,
      'type User @key(fields: "id") {\n',
      'type User @key(fields: "id") {\n  "How many orders the user placed."\n  orderCount: Int! @requires(fields: "id")\n',
    );
    const result = await check();
    expect(result.ok).toBe(false);
    expect(result.composition.errors).toEqual([
      expect.objectContaining({
        code: "REQUIRES_FIELDS_MISSING_EXTERNAL",
        subgraphs: ["orders"],
        message: expect.stringContaining('On field "User.orderCount", for @requires(fields: "id")'),
      }),
    ]);
  });

  it("reports composition hints without failing", async () => {
    // Both orders and products define the shareable PageInfo: describing it differently in one is a hint, not an error.
    fixture.edit(SDL.orders, '"Where a page sits in a paginated list."\ntype PageInfo', '"Pagination state."\ntype PageInfo');
    const result = await check();
    // Beside the products subgraph's standing hint that its CacheControlScope enum (used only by the
    // @cacheControl directive's definition) is "unused".
    expect(result.composition.hints.map((hint) => hint.code).sort()).toEqual(["INCONSISTENT_DESCRIPTION", "UNUSED_ENUM_TYPE"]);
    expect(result.composition.hints).toContainEqual(
      expect.objectContaining({ code: "INCONSISTENT_DESCRIPTION", subgraphs: ["orders", "products"], message: expect.stringContaining('Element "PageInfo" has inconsistent descriptions') }),
    );
    expect(formatReport(result)).toContain("hint [INCONSISTENT_DESCRIPTION]");
    expect(result.ok).toBe(true);
  });

  it("names the subgraph of an SDL that does not parse", async () => {
    fixture.edit(SDL.users, "type Query {", "type Query {{");
    const result = await check();
    expect(result.composition.errors).toEqual([expect.objectContaining({ code: "INVALID_GRAPHQL", subgraphs: ["users"] })]);
  });

  it("passes a safe change (a new optional field) and notes that supergraph.graphql needs recording", async () => {
    fixture.edit(SDL.products, "  inStock: Boolean!\n", '  inStock: Boolean!\n  "Shipping weight in grams, when known."\n  weightGrams: Int\n');
    const result = await check();
    expect(result.ok).toBe(true);
    expect(result.diff?.changes).toEqual([
      expect.objectContaining({ level: "safe", type: "FIELD_ADDED", coordinate: "Product.weightGrams" }),
    ]);
    expect(result.supergraphFileStale).toBe(true);
    expect(formatReport(result)).toContain("run `pnpm compose` and commit it");
  });

  it("lets a field that was deprecated first be removed, with a note", async () => {
    fixture.edit(SDL.products, "  sku: String!\n", '  sku: String! @deprecated(reason: "Use Product.id.")\n');
    recordComposition();
    fixture.edit(SDL.products, /\s+"Stock-keeping unit[^\n]*\n\s+sku: String! @deprecated\(reason: "Use Product.id."\)/, "");
    const result = await check();
    expect(result.ok).toBe(true);
    expect(result.diff?.changes).toEqual([
      expect.objectContaining({ level: "breaking", coordinate: "Product.sku", allowedBecause: { kind: "deprecated", reason: "Use Product.id." } }),
    ]);
    expect(formatReport(result)).toContain('allowed: it was deprecated first ("Use Product.id.")');
  });

  it("notes operations that read a deprecated field without failing them", async () => {
    fixture.edit(SDL.products, "  stock: Int!\n", '  stock: Int! @deprecated(reason: "Use inStock.")\n');
    const result = await check();
    expect(result.ok).toBe(true);
    expect(result.operations?.problems).toEqual([
      expect.objectContaining({ severity: "deprecated", file: "test/operations/AdjustStock.graphql", operation: "mutation AdjustStock" }),
      expect.objectContaining({ severity: "deprecated", file: "test/operations/CreateProduct.graphql", operation: "mutation CreateProduct" }),
      expect.objectContaining({ severity: "deprecated", file: "test/operations/Product.graphql", operation: "query Product" }),
    ]);
  });

  it("lets an acknowledged breaking change through, but still fails the operations it breaks", async () => {
    fixture.edit(SDL.products, /\s+"Units available to order."\n\s+stock: Int!/, "");
    fixture.write(
      "schema-changes.yaml",
      "acknowledged:\n  - coordinate: Product.stock\n    change: FIELD_REMOVED\n    reason: Stock levels are private from now on.\n",
    );
    const result = await check();
    expect(result.diff?.blocking).toEqual([]);
    expect(result.diff?.changes[0]?.allowedBecause).toEqual({ kind: "acknowledged", reason: "Stock levels are private from now on." });
    expect(result.ok).toBe(false);
    expect(result.operations?.problems).toEqual(
      ["AdjustStock", "CreateProduct", "Product"].map((name) =>
        expect.objectContaining({ file: `test/operations/${name}.graphql`, message: expect.stringContaining('Cannot query field "stock" on type "Product".') }),
      ),
    );
  });

  it("does not take an acknowledgement of another kind of change", async () => {
    fixture.edit(SDL.products, "stock: Int!", "stock: Float!");
    fixture.write("schema-changes.yaml", "acknowledged:\n  - coordinate: Product.stock\n    change: FIELD_REMOVED\n    reason: Removed.\n");
    const result = await check();
    expect(result.diff?.blocking.map((change) => change.type)).toEqual(["FIELD_TYPE_CHANGED"]);
  });

  it("rejects a malformed schema-changes.yaml, naming the problem", async () => {
    fixture.write("schema-changes.yaml", "acknowledged:\n  - coordinate: Product.stock\n");
    await expect(check()).rejects.toThrow(/schema-changes.yaml is not a valid list of acknowledged changes: acknowledged.0.reason/);
  });

  it("checks the storefront's gql documents in code as well as .graphql files", async () => {
    fixture.write(
      "storefront/src/pages/Cart.tsx",
      [
        'import { gql } from "@apollo/client";',
        "",
        "export const CART_PRODUCT = gql`",
        "  query CartProduct($id: ID!) {",
        "    product(id: $id) { id name weight }",
        "  }",
        "`;",
        "",
      ].join("\n"),
    );
    // GraphQL Code Generator's client preset: graphql(`...`) from the generated module.
    fixture.write(
      "storefront/src/account.ts",
      'import { graphql } from "./gql";\n\nexport const ACCOUNT = graphql(`\n  query Account { me { id name } }\n`);\n',
    );
    fixture.write("storefront/src/Broken.graphql", "query Broken { me { id nickname } }\n");
    const result = await check();
    expect(result.ok).toBe(false);
    // The three written here, besides the repository's own test/operations (as many as the fixture copied).
    const copied = readdirSync(`${fixture.root}/test/operations`).filter((file) => file.endsWith(".graphql")).length;
    expect(result.operations?.documents).toBe(copied + 3);
    expect(result.operations?.problems).toEqual([
      {
        file: "storefront/src/Broken.graphql",
        operation: "query Broken",
        location: "storefront/src/Broken.graphql:1",
        message: 'Cannot query field "nickname" on type "User". Did you mean "name"?',
        severity: "error",
      },
      {
        file: "storefront/src/pages/Cart.tsx",
        operation: "query CartProduct",
        location: "storefront/src/pages/Cart.tsx:5",
        message: 'Cannot query field "weight" on type "Product".',
        severity: "error",
      },
    ]);
  });

  it("compares with supergraph.graphql at a git revision with --base", async () => {
    const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd: fixture.root, stdio: "pipe" });
    git("init", "-q");
    git("commit", "-q", "--allow-empty", "-m", "nothing yet");
    git("add", "-A", ":!supergraph.graphql");
    git("commit", "-q", "-m", "subgraphs, before supergraph.graphql was committed");
    git("add", "-A");
    git("commit", "-q", "-m", "supergraph.graphql");
    // The working tree's supergraph.graphql already records the removal; the revisions do not.
    fixture.edit(SDL.products, /\s+"Unit price in the[^\n]*\n\s+priceCents: Int!/, "");
    recordComposition();
    expect((await check()).diff?.changes).toEqual([]);

    const result = await check({ baseRef: "HEAD" });
    expect(result.diff?.base).toBe("HEAD:supergraph.graphql");
    expect(result.diff?.blocking.map((change) => change.coordinate)).toEqual(["Product.priceCents"]);

    // A revision without supergraph.graphql is composed from its own subgraphs.
    const composed = await check({ baseRef: "HEAD~1" });
    expect(composed.diff?.base).toBe("HEAD~1 (composed from its supergraph.yaml)");
    expect(composed.diff?.blocking.map((change) => change.coordinate)).toEqual(["Product.priceCents"]);

    // A revision with no subgraphs at all: everything is an addition.
    const empty = await check({ baseRef: "HEAD~2" });
    expect(empty.diff?.changes.length).toBeGreaterThan(50);
    expect(empty.diff?.changes.every((change) => change.level !== "breaking")).toBe(true);

    await expect(check({ baseRef: "no-such-ref" })).rejects.toThrow("--base no-such-ref: not a git revision");
  });
});
