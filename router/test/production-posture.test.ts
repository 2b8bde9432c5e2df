// The router's production posture, attacked from outside: /metrics on the public port, an arbitrary operation in
// production (trusted documents are on by default there, with an explicit opt-out), and the security headers on the
// router's pages (Sandbox still loads in development: the header leaves its scripts to the page's own policy).
import { readFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "@shop/shared/paths";
import { postGraphQL, testEnv } from "@shop/shared/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Stack, startStack } from "../../test/support/stack.ts";
import { loadConfig } from "../src/config.ts";

const manifest = JSON.parse(readFileSync(path.join(repoRoot, "storefront", "persisted-query-manifest.json"), "utf8")) as {
  operations: Array<{ name: string; body: string }>;
};
const registered = (name: string) => manifest.operations.find((operation) => operation.name === name)!.body;

describe("production posture of the router", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack("pglite");
  });
  afterAll(() => stack?.stop());

  it("serves /metrics on its own listener, never on the public port", async () => {
    const publicPort = await fetch(`${stack.router.url}/metrics`);
    expect(publicPort.status).toBe(404);
    expect(await publicPort.text()).not.toMatch(/graphql_requests_total|process_cpu/);
    const metrics = await fetch(stack.router.metricsUrl);
    expect(metrics.status).toBe(200);
    expect(new URL(stack.router.metricsUrl).port).not.toBe(String(stack.router.port));
    expect(await metrics.text()).toMatch(/process_cpu_user_seconds_total/);
    // The defaults outside tests: 9464, apart from the API's 4000.
    const secrets = { JWT_SECRET: "x".repeat(40), SUBGRAPH_SECRET: "y".repeat(40) };
    expect(loadConfig({ ...secrets, NODE_ENV: "development" }).metricsPort).toBe(9464);
    expect(loadConfig(testEnv({ PORT: "4000", METRICS_PORT: "9100" })).metricsPort).toBe(9100);
  });

  it("in production, refuses any operation the storefront did not register, and serves the registered ones", async () => {
    const router = await stack.startRouter({ NODE_ENV: "production" });
    const arbitrary = await postGraphQL(router.graphqlUrl, `{ products(first: 100) { edges { node { id name description } } } }`);
    expect(arbitrary.status).toBe(400);
    expect(arbitrary.errors?.[0]?.extensions?.code).toBe("PERSISTED_QUERY_NOT_IN_LIST");
    const catalog = await postGraphQL(router.graphqlUrl, registered("Catalog"), { first: 3 });
    expect(catalog.errors).toBeUndefined();
    expect(catalog.data?.products.edges).toHaveLength(3);
    // The explicit opt-out, and the development default.
    expect(loadConfig(testEnv({ NODE_ENV: "production", TRUSTED_DOCUMENTS_ONLY: "false" })).TRUSTED_DOCUMENTS_ONLY).toBe(false);
    expect(loadConfig(testEnv({ NODE_ENV: "development" })).TRUSTED_DOCUMENTS_ONLY).toBe(false);
  });

  it("sends security headers; in development the Sandbox page keeps its own script policy", async () => {
    const page = await fetch(stack.router.url, { headers: { accept: "text/html" } });
    const html = await page.text();
    expect(html).toMatch(/embeddable-sandbox\.cdn\.apollographql\.com/);
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/frame-ancestors 'none'/);
    // No default-src or script-src in the header: Sandbox's CDN script and inline nonce scripts stay allowed by its <meta> policy.
    expect(csp).not.toMatch(/default-src|script-src/);
    expect(html).toMatch(/http-equiv="Content-Security-Policy"/);
    expect(page.headers.get("x-frame-options")).toBe("DENY");
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");
    expect(page.headers.get("referrer-policy")).toBe("no-referrer");

    const router = await stack.startRouter({ NODE_ENV: "production" });
    const production = await fetch(router.graphqlUrl, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(production.headers.get("content-security-policy")).toMatch(/default-src 'none'.*frame-ancestors 'none'/);
    expect(production.headers.get("x-frame-options")).toBe("DENY");
  });
});
