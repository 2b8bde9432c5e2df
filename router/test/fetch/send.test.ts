// The fetch's last step against a real local server: one POST with the request's body and headers, the reply's
// text and cache hint, an error for a non-2xx or non-JSON answer, and a timeout.
import { freePort } from "@shop/shared/testing";
import { afterEach, describe, expect, it } from "vitest";
import { isConnectionError } from "../../src/fetch/retry.ts";
import { createSubgraphAgent, sendOverHttp } from "../../src/fetch/send.ts";
import { json, startTestSubgraph, type TestSubgraph, testFetch } from "./support.ts";

const agent = createSubgraphAgent(2_000);
let subgraph: TestSubgraph | undefined;
afterEach(() => subgraph?.close());

describe("send", () => {
  it("POSTs the operation once with the request's headers and returns the text and the cache hint", async () => {
    subgraph = await startTestSubgraph(json({ data: { product: { id: "1" } } }, { "cache-control": "max-age=60, public" }));
    const { request } = testFetch("products", "query ($id: ID!) { product(id: $id) { id } }", { variables: { id: "1" } });
    request.headers["x-test"] = "kept";
    const reply = await sendOverHttp({ url: subgraph.url, agent, timeoutMs: 2_000 })(request);
    expect(reply).toEqual({ text: '{"data":{"product":{"id":"1"}}}', hint: { maxAge: 60, scope: "PUBLIC" }, attempts: 1 });
    expect(subgraph.received).toHaveLength(1);
    expect(JSON.parse(subgraph.received[0]!.body)).toEqual({ query: "query ($id: ID!) { product(id: $id) { id } }", variables: { id: "1" } });
    expect(subgraph.received[0]!.headers).toMatchObject({ "content-type": "application/json", "x-test": "kept" });
  });

  it("fails on an HTTP error or a body that is not JSON, naming the subgraph and the status", async () => {
    subgraph = await startTestSubgraph((_received, res) => {
      res.writeHead(502, { "content-type": "text/html" });
      res.end("<h1>Bad gateway</h1>");
    });
    const send = sendOverHttp({ url: subgraph.url, agent, timeoutMs: 2_000 });
    await expect(send(testFetch("orders", "{ orders { id } }").request)).rejects.toThrow("orders answered HTTP 502 (text/html)");
    await subgraph.close();
    subgraph = await startTestSubgraph((_received, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("ok");
    });
    await expect(sendOverHttp({ url: subgraph.url, agent, timeoutMs: 2_000 })(testFetch("orders", "{ orders { id } }").request)).rejects.toThrow(
      "orders answered HTTP 200 (text/plain)",
    );
  });

  it("gives up after the timeout, and counts each call as an attempt", async () => {
    subgraph = await startTestSubgraph(() => undefined); // never answers
    const { request } = testFetch("orders", "{ orders { id } }");
    const started = performance.now();
    const error = await sendOverHttp({ url: subgraph.url, agent, timeoutMs: 200 })(request).catch((caught: unknown) => caught);
    expect((error as Error).name).toMatch(/TimeoutError|AbortError/);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(isConnectionError(error)).toBe(false);
    expect(request.attempts).toBe(1);
  });

  it("reports a refused connection as a connection error", async () => {
    const port = await freePort();
    const error = await sendOverHttp({ url: `http://127.0.0.1:${port}/graphql`, agent, timeoutMs: 2_000 })(testFetch("users", "{ me { id } }").request).catch(
      (caught: unknown) => caught,
    );
    expect(isConnectionError(error)).toBe(true);
  });
});
