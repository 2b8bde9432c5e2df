// The HTTP contract of a subgraph server (subgraph-server.ts), on a small federated schema: /graphql answers only a
// credential bound to its operation from an allowed caller, with its request id, its session header, a body-size
// limit and JSON errors; the probes and /metrics beside it.
import { buildSubgraphSchema } from "@apollo/subgraph";
import { parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CREDENTIAL_HEADER, ROUTER_ISSUER, signCredential } from "../src/identity.ts";
import { createLogger } from "../src/logger.ts";
import { derivedTrustedKeys } from "../src/service-keys.ts";
import { type RunningSubgraph, startSubgraphServer } from "../src/subgraph-server.ts";
import { callSubgraph, callSubgraphAs } from "../src/testing.ts";

const MASTER = "test-subgraph-secret-0123456789abcdef012345";
const keys = { trusted: derivedTrustedKeys(MASTER, "greeter", [ROUTER_ISSUER, "orders"]) };
const schema = buildSubgraphSchema([
  {
    typeDefs: parse(`type Query { hello: String! whoAmI: String echoHeader: String secret: String }`),
    resolvers: {
      Query: {
        hello: () => "hello",
        whoAmI: (_: unknown, __: unknown, context: { userId: string | null }) => context.userId,
        echoHeader: (_: unknown, __: unknown, context: { http: { header(name: string): string | undefined; setHeader(name: string, value: string): void } }) => {
          context.http.setHeader("x-echo", "set");
          return context.http.header("x-probe") ?? null;
        },
        secret: () => "internal",
      },
    },
  },
]);

let server: RunningSubgraph;

beforeAll(async () => {
  server = await startSubgraphServer({
    name: "greeter",
    schema,
    trusted: keys.trusted,
    // Orders may select `secret` only; the router every field but that internal one.
    callers: { [ROUTER_ISSUER]: "public", orders: ["secret"] },
    logger: createLogger("greeter", "silent"),
    context: ({ caller, http }) => ({ userId: caller.userId, http }),
    ready: async () => {},
    port: 0,
    bodyLimitBytes: 2_000,
  });
});

afterAll(async () => {
  await server.stop();
});

const signedHeaders = async (query: string, variables: Record<string, unknown> = {}) => ({
  "content-type": "application/json",
  [CREDENTIAL_HEADER]: await signCredential(keys.trusted[ROUTER_ISSUER]!, { issuer: ROUTER_ISSUER, userId: "u1" }, { query, variables }),
});

describe("subgraph server", () => {
  it("answers a signed operation with its caller in the context and a request id", async () => {
    const answer = await callSubgraph(server.url, keys, "{ hello whoAmI }", {}, "u7");
    expect(answer.status).toBe(200);
    expect(answer.data).toEqual({ hello: "hello", whoAmI: "u7" });
    expect(answer.headers.get("x-request-id")).toMatch(/^[\w-]{36}$/);
  });

  it("keeps the request id a caller sent, reads request headers and sets response headers", async () => {
    const query = "{ echoHeader }";
    const response = await fetch(server.url, {
      method: "POST",
      headers: { ...(await signedHeaders(query)), "x-request-id": "req-123", "x-probe": "seen" },
      body: JSON.stringify({ query, variables: {} }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBe("req-123");
    expect(response.headers.get("x-echo")).toBe("set");
    expect(await response.json()).toEqual({ data: { echoHeader: "seen" } });
  });

  it("refuses a missing credential, one bound to another operation, and an unknown issuer", async () => {
    const unsigned = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ hello }" }) });
    expect(unsigned.status).toBe(401);
    expect((await unsigned.json()).errors[0].extensions.code).toBe("UNAUTHENTICATED");
    const replayed = await fetch(server.url, {
      method: "POST",
      headers: await signedHeaders("{ hello }"),
      body: JSON.stringify({ query: "{ whoAmI }", variables: {} }),
    });
    expect(replayed.status).toBe(401);
    await expect(callSubgraphAs(server.url, { trusted: { users: keys.trusted.orders! } }, "users", "{ hello }")).resolves.toMatchObject({ status: 401 });
  });

  it("refuses, before execution, a root field the caller is not allowed", async () => {
    expect((await callSubgraph(server.url, keys, "{ secret }")).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await callSubgraphAs(server.url, keys, "orders", "{ secret }")).data).toEqual({ secret: "internal" });
    expect((await callSubgraphAs(server.url, keys, "orders", "{ hello }")).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("answers an oversized body with 413, malformed JSON with 400, and other methods with 405, as JSON", async () => {
    const big = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: `{ hello } #${"x".repeat(3_000)}` }) });
    expect(big.status).toBe(413);
    expect((await big.json()).errors[0].extensions.code).toBe("PAYLOAD_TOO_LARGE");
    // The same without a Content-Length (chunked): the limit is found while reading, and still answered with a 413.
    const chunks = [JSON.stringify({ query: `{ hello } #${"x".repeat(3_000)}` })];
    const chunked = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: new ReadableStream({ pull: (controller) => (chunks.length ? controller.enqueue(new TextEncoder().encode(chunks.shift())) : controller.close()) }),
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect((await chunked.json()).errors[0].extensions.code).toBe("PAYLOAD_TOO_LARGE");
    const malformed = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json" }, body: "{ not json" });
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).errors[0].extensions.code).toBe("BAD_REQUEST");
    const get = await fetch(`${server.url}?query=${encodeURIComponent("{ hello }")}`);
    expect(get.status).toBe(405);
    expect(get.headers.get("x-request-id")).toBeTruthy();
  });

  it("serves /health, /ready and /metrics beside /graphql", async () => {
    const base = server.url.replace(/\/graphql$/, "");
    expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: "ok" });
    expect(await (await fetch(`${base}/ready`)).json()).toEqual({ status: "ready" });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/graphql_requests_total\{[^}]*operation="anonymous"/);
  });
});
