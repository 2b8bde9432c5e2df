// The operation filter on its own: rules read from a supergraph whose directives were renamed by an import, what
// the gateway is then asked (printed), and the cache-independent outcome per caller.
import { composeServices } from "@apollo/composition";
import { parse, print } from "graphql";
import { describe, expect, it } from "vitest";
import { FilterCache } from "../../src/authorization/enforcement.ts";
import { filterOperation, TYPENAME_ALIAS } from "../../src/authorization/filter-operation.ts";
import { patchResponse } from "../../src/authorization/patch-response.ts";
import { type Caller, denyPolicies } from "../../src/authorization/requirements.ts";
import { authorizationRules } from "../../src/authorization/schema-rules.ts";

const supergraph = (() => {
  const result = composeServices([
    {
      name: "one",
      url: "http://127.0.0.1:9/graphql",
      typeDefs: parse(`extend schema @link(url: "https://specs.apollo.dev/federation/v2.9",
        import: ["@key", { name: "@authenticated", as: "@signedIn" }, { name: "@requiresScopes", as: "@scoped" }])
      type Query { open: Int  secret: String @signedIn  shelf: Shelf }
      type Shelf { label: String  items: [Item!]! }
      interface Item { id: ID! label: String }
      type Tool implements Item { id: ID! label: String @signedIn cost: Int! @scoped(scopes: [["tools"]]) }
      type Part implements Item { id: ID! label: String }`),
    },
  ]);
  if (result.errors) throw new Error(result.errors.map((error) => error.message).join("\n"));
  return result.supergraphSdl;
})();

const anonymous: Caller = { authenticated: false, scopes: new Set() };
const signedIn: Caller = { authenticated: true, scopes: new Set() };
const toolsman: Caller = { authenticated: true, scopes: new Set(["tools"]) };

describe("the operation filter", () => {
  const rules = authorizationRules(supergraph);
  const filter = (query: string, caller: Caller) => filterOperation(parse(query), undefined, rules, caller, denyPolicies)!;

  it("reads directives under the names an import gave them", () => {
    expect(rules.any).toBe(true);
    expect([...rules.scopes]).toEqual(["tools"]);
    expect(rules.types.get("Query")!.fields.get("secret")!.requirement).toEqual({ authenticated: true });
  });

  it("gives an interface field the rule of its implementations, also when composition did not write it", () => {
    const composed = /interface Item[^}]*}/.exec(supergraph)![0];
    expect(composed).toMatch(/label: String @signedIn/);
    const older = supergraph.replace(composed, composed.replace(/ @signedIn/g, ""));
    for (const sdl of [supergraph, older]) {
      expect(authorizationRules(sdl).types.get("Item")!.fields.get("label")!.requirement).toEqual({ authenticated: true });
    }
  });

  it("leaves an operation the caller may run as it is", () => {
    const document = parse("{ open secret }");
    expect(filterOperation(document, undefined, rules, signedIn, denyPolicies)).toMatchObject({ document, nothingLeft: false });
    expect(filterOperation(document, undefined, rules, signedIn, denyPolicies)!.patch).toBeUndefined();
  });

  it("asks the gateway only for the rest, with __typename where the type decides and where nothing was left", () => {
    const filtered = filter("query Q { open secret shelf { items { id ...Costs } } } fragment Costs on Tool { cost }", anonymous);
    // The shape the gateway is asked for: `cost` gone, the fragment (now empty) dropped, the type read where it matters.
    const text = print(filtered.document);
    expect(text).not.toContain("cost");
    expect(text).not.toContain("secret");
    expect(text).not.toContain("fragment Costs");
    expect(text).toContain(`${TYPENAME_ALIAS}: __typename`);

    const data = { open: 1, shelf: { items: [{ id: "t1", [TYPENAME_ALIAS]: "Tool" }, { id: "p1", [TYPENAME_ALIAS]: "Part" }] } };
    const patched = patchResponse(data, filtered.patch!, {});
    // items are non-null and cost is non-null: the Tool item is nulled, which nulls the non-null list, up to the nullable shelf.
    expect(patched.data).toEqual({ open: 1, secret: null, shelf: null });
    expect(patched.errors.map((error) => [error.extensions.code, error.path?.join(".")])).toEqual([
      ["UNAUTHENTICATED", "secret"],
      ["UNAUTHENTICATED", "shelf.items.0.cost"],
    ]);
  });

  it("removes nothing for a caller with the scope, and everything at the root for an anonymous one", () => {
    expect(filter("{ shelf { items { ... on Tool { cost } } } }", toolsman).patch).toBeUndefined();
    const nothing = filter("{ secret }", anonymous);
    expect(nothing.nothingLeft).toBe(true);
    expect(patchResponse({}, nothing.patch!, {}).data).toEqual({ secret: null });
  });

  it("filters a document once per caller class: signed in or not, and the schema's scopes held", () => {
    const cache = new FilterCache(denyPolicies);
    const document = parse("{ secret shelf { items { ... on Tool { cost } } } }");
    const context = (userId: string | null, scopes: string[]) => ({ requestId: "r", clientAddress: "127.0.0.1", userId, sessionId: null, scopes, subgraphFetches: [] });
    const first = cache.get(rules, document, undefined, context("u1", []));
    expect(first?.patch).toBeDefined();
    // Another user, with a scope the schema never names: the same class, the same filtered operation.
    expect(cache.get(rules, document, undefined, context("u2", ["unrelated"]))).toBe(first);
    expect(cache.get(rules, document, undefined, context(null, []))).not.toBe(first);
    expect(cache.get(rules, document, undefined, context("u3", ["tools"]))).toBeNull();
  });
});
