// Each of the router's request controls, attacked through the real router over HTTP: operation limits,
// list sizes, CSRF, CORS, batching, body size, APQ, trusted documents, production mode, error masking.
import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { postGraphQL } from "@shop/shared/testing";
import { getIntrospectionQuery } from "graphql";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Stack, startStack } from "../../test/support/stack.ts";
import { metric } from "./support/metrics.ts";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const INTERNALS = /stacktrace|127\.0\.0\.1|localhost|ECONNREFUSED|prisma|SELECT|\/graphql|:\d{4,5}/i;

/** Accepts what the GraphQL-over-HTTP spec recommends (as the storefront's Apollo Client does), so request errors are 4xx. */
const JSON_HEADERS = { "content-type": "application/json", accept: "application/graphql-response+json, application/json;q=0.9" };

async function post(url: string, body: string, headers: Record<string, string> = JSON_HEADERS) {
  const response = await fetch(url, { method: "POST", headers, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: (() => { try { return JSON.parse(text); } catch { return undefined; } })() };
}

describe("router security controls", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack("pglite");
  });
  afterAll(() => stack?.stop());

  describe("operation limits", () => {
    it("refuses an 80-level query before planning it", async () => {
      let selection = "id";
      for (let level = 0; level < 40; level++) selection = `orders { user { ${selection} } }`;
      const { status, errors } = await stack.query(`{ me { ${selection} } }`);
      expect(status).toBe(400);
      expect(errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
      expect(errors?.map((e) => e.message).join()).toMatch(/depth limit of 10/);
    });

    it("refuses 500 aliases", async () => {
      const aliases = Array.from({ length: 500 }, (_, i) => `a${i}: totalCount`).join(" ");
      const { status, errors } = await stack.query(`{ products(first: 1) { ${aliases} } }`);
      expect(status).toBe(400);
      expect(errors?.map((e) => e.message).join()).toMatch(/Aliases limit of 15/);
    });

    it("refuses too many root fields and too many directives", async () => {
      const roots = Array.from({ length: 21 }, (_, i) => `p${i}: product(id: "00000000-0000-4000-8000-00000000000${i % 10}") { id }`);
      const rootFields = await stack.query(`{ ${roots.join(" ")} }`);
      expect(rootFields.status).toBe(400);
      expect(rootFields.errors?.map((e) => e.message).join()).toMatch(/at most 20 root fields, found 21/);
      const directives = await stack.query(`{ __typename ${"@skip(if: false) ".repeat(60)} }`);
      expect(directives.status).toBe(400);
      expect(directives.errors?.map((e) => e.message).join()).toMatch(/Directives limit of 50/);
    });

    it("stops parsing a document past the token limit", async () => {
      const { status, errors } = await stack.query(`{ ${"__typename ".repeat(6_000)} }`);
      expect(status).toBe(400);
      expect(errors?.[0]?.extensions?.code).toBe("GRAPHQL_PARSE_FAILED");
      expect(errors?.[0]?.message).toMatch(/more tha[nt] 5000 tokens/);
    });

    it("refuses a huge first:, literal or variable, before any subgraph sees it", async () => {
      const literal = await stack.query(`{ products(first: 1000000) { edges { node { id } } } }`);
      expect(literal.status).toBe(400);
      expect(literal.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      expect(literal.errors?.[0]?.message).toBe("products(first:) may be at most 100");
      const variable = await stack.query(`query ($n: Int) { products(first: $n) { totalCount } }`, { n: 101 });
      expect(variable.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      const page = await stack.query(`{ products(first: 100) { edges { node { id } } } }`);
      expect(page.errors).toBeUndefined();
      expect(page.data?.products.edges.length).toBeGreaterThan(0);
    });

    it("refuses an operation whose estimated size, list sizes multiplied, is above LIMIT_MAX_COST", async () => {
      const router = await stack.startRouter({ LIMIT_MAX_COST: "150" });
      const big = await postGraphQL(router.graphqlUrl, `{ products(first: 100) { edges { node { id name } } } }`);
      expect(big.status).toBe(400);
      expect(big.errors?.[0]?.extensions?.code).toBe("COST_ESTIMATED_TOO_EXPENSIVE");
      expect(big.errors?.[0]?.message).toMatch(/estimated cost is 201 .*more than the limit of 150/);
      const small = await postGraphQL(router.graphqlUrl, `{ products(first: 50) { edges { node { id name } } } }`);
      expect(small.errors).toBeUndefined();
      expect(small.data?.products.edges).toHaveLength(26);
      await router.stop();
    });

    it("still serves Sandbox's introspection query and the storefront's nested reads in development", async () => {
      const introspection = await stack.query(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true, directiveIsRepeatable: true }));
      expect(introspection.errors).toBeUndefined();
      expect(introspection.data?.__schema.queryType.name).toBe("Query");
      const token = await stack.login("ada@example.com");
      const orders = await stack.query(
        `{ me { orders { id items { quantity product { name priceCents } } payment { status } } } }`,
        {},
        token,
      );
      expect(orders.errors).toBeUndefined();
      expect(orders.data?.me.orders.length).toBe(3);
    });
  });

  describe("browser protections", () => {
    it("refuses a text/plain POST (CSRF) and serves the same operation as JSON", async () => {
      const body = JSON.stringify({ query: "{ products(first: 1) { totalCount } }" });
      const plain = await post(stack.url, body, { "content-type": "text/plain" });
      expect(plain.status).toBe(400);
      expect(plain.text).toMatch(/CSRF/);
      const form = await post(stack.url, "query=%7B__typename%7D", { "content-type": "application/x-www-form-urlencoded" });
      expect(form.status).toBe(400);
      const json = await post(stack.url, body);
      expect(json.json?.data?.products.totalCount).toBe(26);
    });

    it("answers CORS only for configured origins", async () => {
      const preflight = (origin: string) =>
        fetch(stack.url, {
          method: "OPTIONS",
          headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
        });
      const storefront = await preflight("http://localhost:5173");
      expect(storefront.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
      const foreign = await preflight("https://evil.example");
      expect(foreign.headers.get("access-control-allow-origin")).toBeNull();
      const simple = await fetch(stack.url, {
        method: "POST",
        headers: { origin: "https://evil.example", "content-type": "application/json" },
        body: JSON.stringify({ query: "{ __typename }" }),
      });
      expect(simple.headers.get("access-control-allow-origin")).toBeNull();
    });

    it("refuses batched requests", async () => {
      const batch = await post(stack.url, JSON.stringify([{ query: "{ __typename }" }, { query: "{ __typename }" }]));
      expect(batch.status).toBe(400);
      expect(batch.text).toMatch(/[Bb]atch/);
    });

    it("refuses a body over BODY_LIMIT with a JSON error", async () => {
      const huge = JSON.stringify({ query: "{ __typename }", variables: { padding: "x".repeat(1_100_000) } });
      const response = await post(stack.url, huge);
      expect(response.status).toBe(413);
      expect(response.json?.errors?.[0]?.extensions?.code).toBe("PAYLOAD_TOO_LARGE");
      const malformed = await post(stack.url, "{ not json");
      expect(malformed.status).toBe(400);
      expect(malformed.json?.errors?.[0]?.extensions?.code).toBe("BAD_REQUEST");
    });

    it("serves Sandbox at / in development", async () => {
      const page = await fetch(stack.router.url, { headers: { accept: "text/html" } });
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/sandbox/i);
    });
  });

  it("registers and serves automatic persisted queries", async () => {
    const query = "query CatalogSize { products(first: 1) { totalCount } }";
    const extensions = { persistedQuery: { version: 1, sha256Hash: sha256(query) } };
    const miss = await post(stack.url, JSON.stringify({ extensions }));
    expect(miss.json?.errors?.[0]?.extensions?.code).toBe("PERSISTED_QUERY_NOT_FOUND");
    const register = await post(stack.url, JSON.stringify({ query, extensions }));
    expect(register.json?.data?.products.totalCount).toBe(26);
    const hit = await post(stack.url, JSON.stringify({ extensions }));
    expect(hit.json?.data?.products.totalCount).toBe(26);
    const wrong = await post(stack.url, JSON.stringify({ query: "{ __typename }", extensions }));
    expect(wrong.status).toBe(400);
    // A client error with a code and a message that says what is wrong, not a masked internal error.
    expect(wrong.json?.errors?.[0]?.extensions?.code).toBe("BAD_REQUEST");
    expect(wrong.json?.errors?.[0]?.message).toMatch(/sha256Hash is not the SHA-256 of the query/);
  });

  describe("trusted documents (--trusted-only)", () => {
    const listed = "query ProductPage($id: ID!) { product(id: $id) { id name } }";
    const listedId = sha256(listed);
    let manifest: string;
    beforeAll(() => {
      manifest = path.join(mkdtempSync(path.join(tmpdir(), "manifest-")), "persisted-query-manifest.json");
      writeFileSync(
        manifest,
        JSON.stringify({
          format: "apollo-persisted-query-manifest",
          version: 1,
          operations: [{ id: listedId, name: "ProductPage", type: "query", body: listed }],
        }),
      );
    });

    it("serves registered operations by id or body and refuses everything else", async () => {
      const router = await stack.startRouter({ TRUSTED_DOCUMENTS_ONLY: "true", PERSISTED_QUERIES_MANIFEST: manifest });
      const url = router.graphqlUrl;
      const id = "00000000-0000-4000-8000-000000000000";
      const byId = await post(url, JSON.stringify({ variables: { id }, extensions: { persistedQuery: { version: 1, sha256Hash: listedId } } }));
      expect(byId.json?.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
      const byBody = await post(url, JSON.stringify({ query: listed, variables: { id } }));
      expect(byBody.json?.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");

      const other = await post(url, JSON.stringify({ query: "{ products(first: 1) { totalCount } }" }));
      expect(other.status).toBe(400);
      expect(other.json?.errors?.[0]?.extensions?.code).toBe("PERSISTED_QUERY_NOT_IN_LIST");
      expect(other.json?.data).toBeUndefined();
      // Registering a new APQ does not get around the list.
      const sneaky = "{ products(first: 2) { totalCount } }";
      const apq = await post(url, JSON.stringify({ query: sneaky, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(sneaky) } } }));
      expect(apq.json?.errors?.[0]?.extensions?.code).toBe("PERSISTED_QUERY_NOT_IN_LIST");
      const again = await post(url, JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256(sneaky) } } }));
      expect(again.json?.errors?.[0]?.extensions?.code).toBe("PERSISTED_QUERY_NOT_FOUND");
      await router.stop();
    });

    it("refuses to start without a readable manifest, naming it", async () => {
      await expect(stack.startRouter({ TRUSTED_DOCUMENTS_ONLY: "true", PERSISTED_QUERIES_MANIFEST: "/nonexistent/manifest.json" })).rejects.toThrow(
        /\/nonexistent\/manifest\.json/,
      );
    });
  });

  it("in production: no introspection, no Sandbox, no schema hints, and queries work", async () => {
    // Trusted documents opted out (they are on by default in production: production-posture.test.ts), so any query runs.
    const router = await stack.startRouter({ NODE_ENV: "production", TRUSTED_DOCUMENTS_ONLY: "false" });
    const introspection = await postGraphQL(router.graphqlUrl, getIntrospectionQuery());
    expect(introspection.status).toBe(400);
    expect(introspection.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(introspection.data).toBeUndefined();
    const typeQuery = await postGraphQL(router.graphqlUrl, `{ __type(name: "Order") { fields { name } } }`);
    expect(typeQuery.errors?.[0]?.message).toMatch(/introspection/i);
    const page = await fetch(router.url, { headers: { accept: "text/html" } });
    expect(await page.text()).not.toMatch(/sandbox/i);
    const typo = await postGraphQL(router.graphqlUrl, `{ product { nam } }`);
    expect(JSON.stringify(typo.errors)).not.toMatch(/Did you mean/);
    const products = await postGraphQL(router.graphqlUrl, `{ products(first: 3) { edges { node { name } } } }`);
    expect(products.errors).toBeUndefined();
    expect(products.data?.products.edges).toHaveLength(3);
    await router.stop();
  });

  it("masks an internal failure, gives the client the request id, and logs the detail under it", async () => {
    const lines: Array<Record<string, any>> = [];
    const logger = pino({ level: "info" }, { write: (line: string) => lines.push(JSON.parse(line)) });
    // A router whose credential the subgraphs refuse: every subgraph fetch fails with a 401 naming its URL.
    const router = await stack.startRouter({ SUBGRAPH_SECRET: "a-different-secret-0123456789abcdef0123456789" }, { logger });
    const response = await postGraphQL(router.graphqlUrl, `query Catalog { products(first: 2) { totalCount } }`, {}, { "x-request-id": "test-req-42" });
    expect(response.headers.get("x-request-id")).toBe("test-req-42");
    expect(response.errors?.[0]).toMatchObject({ message: expect.stringMatching(/unavailable/), extensions: { code: "SERVICE_UNAVAILABLE" } });
    expect(JSON.stringify(response.errors)).not.toMatch(INTERNALS);
    expect(JSON.stringify(response.errors)).not.toMatch(/401|serviceName|response/);
    const logged = lines.filter((line) => line.requestId === "test-req-42");
    expect(logged.find((line) => line.level === 50)?.err).toBeDefined();
    expect(logged.find((line) => line.msg === "graphql request")).toMatchObject({ operationName: "Catalog", errors: expect.any(Array) });
    await router.stop();
  });

  it("answers /health, /ready and /metrics, and logs per-subgraph timings", async () => {
    expect((await fetch(`${stack.router.url}/health`)).status).toBe(200);
    expect(await (await fetch(`${stack.router.url}/ready`)).json()).toEqual({ status: "ready" });
    await stack.query(`query Metered { products(first: 1) { totalCount } }`);
    await stack.query(`{ product(id: "bad") { id } }`);
    const metrics = await (await fetch(stack.router.metricsUrl)).text();
    expect(metric(metrics, "graphql_requests_total", { operation: "Metered", type: "query" })).toBe(1);
    expect(metric(metrics, "graphql_errors_total", { code: "BAD_USER_INPUT" })).toBeGreaterThanOrEqual(1);
    expect(metric(metrics, "subgraph_fetch_duration_seconds_count", { subgraph: "products", outcome: "ok" })).toBeGreaterThanOrEqual(1);
    expect(metric(metrics, "graphql_request_duration_seconds_count", { operation: "Metered" })).toBe(1);
    const subgraphMetrics = await (await fetch(new URL("/metrics", stack.subgraphs.products.url))).text();
    expect(metric(subgraphMetrics, "graphql_requests_total", { operation: "Metered__products__0", service: "products" })).toBe(1);

    const lines: Array<Record<string, any>> = [];
    const logger = pino({ level: "info" }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const router = await stack.startRouter({}, { logger });
    const token = await stack.login("ada@example.com");
    await postGraphQL(router.graphqlUrl, `query MyOrders { me { orders { payment { status } } } }`, {}, { authorization: `Bearer ${token}` });
    const line = lines.find((entry) => entry.operationName === "MyOrders");
    expect(line).toMatchObject({ requestId: expect.any(String), durationMs: expect.any(Number), type: "query" });
    expect(line?.subgraphs.map((s: { subgraph: string }) => s.subgraph).sort()).toEqual(["orders", "payments", "users"]);
    await router.stop();
  });
});
