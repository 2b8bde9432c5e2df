// The router against the GraphQL-over-HTTP spec: graphql-http's audit suite (every MUST; the SHOULD/MAY
// points it misses are exactly the documented CSRF exceptions), then the status codes and media types the
// audit does not check (406, 405, 415, legacy application/json's 200, the default media type).
import http from "node:http";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { testEnv } from "@shop/shared/testing";
import { auditServer } from "graphql-http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { type RunningRouter, startRouter } from "../src/server.ts";
import { type ForeignSubgraphs, startForeignSubgraphs } from "./support/foreign-supergraph.ts";

const GRAPHQL_RESPONSE = "application/graphql-response+json";
/** GET requests without a preflight-forcing header are refused by CSRF prevention (see docs/graphql-over-http.md). */
const CSRF_EXCEPTIONS = ["5A70", "D6D5", "6A70"];

describe("GraphQL over HTTP", () => {
  let foreign: ForeignSubgraphs;
  let router: RunningRouter;
  let url: string;

  beforeAll(async () => {
    foreign = await startForeignSubgraphs();
    const file = path.join(mkdtempSync(path.join(tmpdir(), "graphql-over-http-")), "supergraph.graphql");
    writeFileSync(file, foreign.supergraph());
    router = await startRouter(loadConfig(testEnv({ SUPERGRAPH_FILE: file, SUPERGRAPH_WATCH: "false", LOG_LEVEL: "silent" })), { subgraphUrls: {} });
    url = `${router.url}/graphql`;
  });
  afterAll(async () => {
    await router?.stop();
    await foreign?.stop();
  });

  const send = async (init: RequestInit & { search?: string; route?: string }) => {
    const response = await fetch(`${router.url}${init.route ?? "/graphql"}${init.search ?? ""}`, init);
    const text = await response.text();
    const json = (() => {
      try {
        return JSON.parse(text);
      } catch {
        return undefined;
      }
    })();
    return { status: response.status, type: response.headers.get("content-type") ?? "", allow: response.headers.get("allow"), json };
  };
  const postJson = (body: unknown, accept?: string) =>
    send({ method: "POST", headers: { "content-type": "application/json", ...(accept ? { accept } : {}) }, body: JSON.stringify(body) });

  it("passes graphql-http's audit: every MUST, and every SHOULD and MAY but GETs that CSRF prevention refuses", async () => {
    const results = await auditServer({ url });
    const failed = results.filter((result) => result.status !== "ok");
    expect(failed.filter((result) => result.name.startsWith("MUST"))).toEqual([]);
    expect(failed.map((result) => result.id).sort()).toEqual([...CSRF_EXCEPTIONS].sort());
    // The same GETs pass once they carry the header a browser can only send after a CORS preflight.
    const preflighted = await auditServer({
      url,
      fetchFn: (input: RequestInfo | URL, init: RequestInit = {}) =>
        fetch(input, { ...init, headers: { ...(init.headers as Record<string, string>), "apollo-require-preflight": "true" } }),
    });
    expect(preflighted.filter((result) => result.status !== "ok").map((result) => `${result.id} ${result.name}`)).toEqual([]);
  });

  it("answers in the media type the client asked for, application/json for */*, and 406 for none it supports", async () => {
    const query = { query: `{ book(id: "b1") { title } }` };
    for (const [accept, type] of [
      [GRAPHQL_RESPONSE, GRAPHQL_RESPONSE],
      ["application/json", "application/json"],
      ["*/*", "application/json"],
      [`application/json;q=0.5, ${GRAPHQL_RESPONSE}`, GRAPHQL_RESPONSE],
      [`${GRAPHQL_RESPONSE};q=0.5, application/json`, "application/json"],
    ] as const) {
      const response = await postJson(query, accept);
      expect(response.status, accept).toBe(200);
      expect(response.type, accept).toBe(`${type}; charset=utf-8`);
      expect(response.json.data.book.title).toBe("The Dispossessed");
    }
    const refused = await postJson(query, "text/xml");
    expect(refused.status).toBe(406);
  });

  it("treats a request without Accept as accepting application/graphql-response+json (the spec since 2025)", async () => {
    // fetch always sends an Accept header; node:http sends none unless told.
    const { port } = new URL(router.url);
    const { status, type } = await new Promise<{ status: number; type: string }>((resolve, reject) => {
      const request = http.request(
        { host: "127.0.0.1", port, path: "/graphql", method: "POST", headers: { "content-type": "application/json" } },
        (response) => {
          response.resume();
          resolve({ status: response.statusCode ?? 0, type: String(response.headers["content-type"]) });
        },
      );
      request.on("error", reject);
      request.end(JSON.stringify({ query: "{ nope }" }));
    });
    expect(type).toBe(`${GRAPHQL_RESPONSE}; charset=utf-8`);
    expect(status).toBe(400);
  });

  it("uses 200 for request errors in application/json and 400 in application/graphql-response+json, with no data entry", async () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ["parse failure", { query: "{" }, "GRAPHQL_PARSE_FAILED"],
      ["validation failure", { query: "{ nope }" }, "GRAPHQL_VALIDATION_FAILED"],
      ["variable coercion failure", { query: "query ($id: ID!) { book(id: $id) { title } }", variables: { id: { no: 1 } } }, "BAD_USER_INPUT"],
      ["unknown operation name", { query: "query A { __typename } query B { __typename }", operationName: "C" }, "OPERATION_RESOLUTION_FAILURE"],
      ["several operations, none named", { query: "query A { __typename } query B { __typename }" }, "OPERATION_RESOLUTION_FAILURE"],
    ];
    for (const [label, body, code] of cases) {
      const legacy = await postJson(body, "application/json");
      expect(legacy.status, label).toBe(200);
      expect(legacy.json.errors[0].extensions.code, label).toBe(code);
      expect(legacy.json, label).not.toHaveProperty("data");
      const modern = await postJson(body, GRAPHQL_RESPONSE);
      expect(modern.status, label).toBe(400);
      expect(modern.type, label).toBe(`${GRAPHQL_RESPONSE}; charset=utf-8`);
      expect(modern.json.errors[0].extensions.code, label).toBe(code);
      expect(modern.json, label).not.toHaveProperty("data");
    }
  });

  it("uses 400 for requests that are not well-formed, whatever the Accept", async () => {
    for (const accept of ["application/json", GRAPHQL_RESPONSE]) {
      const badJson = await send({ method: "POST", headers: { "content-type": "application/json", accept }, body: "{ not json" });
      expect(badJson.status, accept).toBe(400);
      expect((await postJson({ qeury: "{ __typename }" }, accept)).status, accept).toBe(400);
      expect((await postJson({ query: "{ __typename }", variables: [7] }, accept)).status, accept).toBe(400);
      expect((await postJson({ query: 7 }, accept)).status, accept).toBe(400);
    }
  });

  it("serves queries over GET, refuses mutations over GET with 405, other methods with 405", async () => {
    const get = (query: string) =>
      send({ search: `?query=${encodeURIComponent(query)}`, headers: { accept: GRAPHQL_RESPONSE, "apollo-require-preflight": "true" } });
    const query = await get(`{ book(id: "b2") { stock } }`);
    expect(query.status).toBe(200);
    expect(query.json.data.book.stock).toBe(3);
    const mutation = await get("mutation { __typename }");
    expect(mutation.status).toBe(405);
    expect(mutation.allow).toBe("POST");
    const put = await send({ method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ __typename }" }) });
    expect(put.status).toBe(405);
    expect(put.allow).toBe("GET, POST");
  });

  it("refuses bodies it cannot read with 415, and simple content types as CSRF with 400", async () => {
    const body = JSON.stringify({ query: "{ __typename }" });
    for (const type of ["application/xml", "application/graphql", "application/json; charset=iso-8859-1"]) {
      const response = await send({ method: "POST", headers: { "content-type": type }, body });
      expect(response.status, type).toBe(415);
    }
    const preflightedText = await send({ method: "POST", headers: { "content-type": "text/plain", "apollo-require-preflight": "true" }, body });
    expect(preflightedText.status).toBe(415);
    const plain = await send({ method: "POST", headers: { "content-type": "text/plain" }, body });
    expect(plain.status).toBe(400);
    expect(plain.json.errors[0].message).toMatch(/CSRF/);
    const utf8 = await send({ method: "POST", headers: { "content-type": "application/json; charset=utf-8" }, body });
    expect(utf8.status).toBe(200);
  });

  it("serves the same endpoint at / and /graphql", async () => {
    for (const route of ["/", "/graphql"]) {
      const response = await send({ route, method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ __typename }" }) });
      expect(response.json?.data, route).toEqual({ __typename: "Query" });
    }
  });
});
