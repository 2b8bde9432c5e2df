// Timeout and retry against a real local server: a query's fetch is tried again after a connection error, up to
// the limit; a mutation's never, nor any fetch after a timeout or an HTTP error.
import { Counter, Registry } from "prom-client";
import { afterEach, describe, expect, it } from "vitest";
import { isConnectionError, retryConnectionErrors } from "../../src/fetch/retry.ts";
import { createSubgraphAgent, sendOverHttp } from "../../src/fetch/send.ts";
import { chain, type Reply } from "../../src/fetch/stage.ts";
import { countOf, json, startTestSubgraph, type TestSubgraph, testFetch } from "./support.ts";

const agent = createSubgraphAgent(2_000);
let subgraph: TestSubgraph | undefined;
afterEach(() => subgraph?.close());

/** A server that drops the connection of its first `drops` requests without answering, then answers. */
async function flakySubgraph(drops: number) {
  return startTestSubgraph((received, res) => {
    if (subgraph!.received.indexOf(received) < drops) res.socket?.destroy();
    else json({ data: { ok: true } })(received, res);
  });
}

function retrying(retries: number, timeoutMs = 2_000) {
  const retried = new Counter({ name: "retried", help: "-", labelNames: ["subgraph"], registers: [new Registry()] });
  const handler = chain<Reply>([retryConnectionErrors({ retries, delayMs: 1, retried })], sendOverHttp({ url: subgraph!.url, agent, timeoutMs }));
  return { handler, retried };
}

describe("retry", () => {
  it("tries a query again after a dropped connection, and reports the attempts", async () => {
    subgraph = await flakySubgraph(2);
    const { handler, retried } = retrying(2);
    const { request } = testFetch("products", "{ products { id } }");
    const reply = await handler(request);
    expect(reply.attempts).toBe(3);
    expect(subgraph.received).toHaveLength(3);
    expect(await countOf(retried, { subgraph: "products" })).toBe(2);
  });

  it("gives up after the configured retries", async () => {
    subgraph = await flakySubgraph(10);
    const { handler } = retrying(1);
    const { request } = testFetch("products", "{ products { id } }");
    const error = await handler(request).catch((caught: unknown) => caught);
    expect(isConnectionError(error)).toBe(true);
    expect(request.attempts).toBe(2);
    expect(subgraph.received).toHaveLength(2);
  });

  it("never retries a mutation's fetch, nor one that timed out or got an HTTP error", async () => {
    subgraph = await flakySubgraph(1);
    await expect(retrying(2).handler(testFetch("orders", "mutation { placeOrder { id } }", { kind: "mutation" }).request)).rejects.toThrow();
    expect(subgraph.received).toHaveLength(1);
    await subgraph.close();

    subgraph = await startTestSubgraph(() => undefined);
    await expect(retrying(2, 100).handler(testFetch("orders", "{ orders { id } }").request)).rejects.toThrow();
    expect(subgraph.received).toHaveLength(1);
    await subgraph.close();

    subgraph = await startTestSubgraph((_received, res) => void res.writeHead(500).end());
    await expect(retrying(2).handler(testFetch("orders", "{ orders { id } }").request)).rejects.toThrow("HTTP 500");
    expect(subgraph.received).toHaveLength(1);
  });

  it("finds a connection error's code on its causes", () => {
    expect(isConnectionError(Object.assign(new Error("fetch failed"), { cause: { code: "ECONNRESET" } }))).toBe(true);
    expect(isConnectionError(new Error("nope"))).toBe(false);
    expect(isConnectionError({ code: "UND_ERR_HEADERS_TIMEOUT" })).toBe(false);
  });
});
