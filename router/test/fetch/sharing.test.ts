// In-flight sharing against a real local server: identical queries of one caller in flight at once make one
// request; another caller's, a mutation's, or a later identical query make their own.
import { setTimeout as delay } from "node:timers/promises";
import { Counter, Registry } from "prom-client";
import { afterEach, describe, expect, it } from "vitest";
import { createSubgraphAgent, sendOverHttp } from "../../src/fetch/send.ts";
import { shareInFlight } from "../../src/fetch/sharing.ts";
import { chain, type Reply } from "../../src/fetch/stage.ts";
import { countOf, json, startTestSubgraph, type TestSubgraph, testFetch } from "./support.ts";

const agent = createSubgraphAgent(2_000);
const ME = "{ me { id name } }";
let subgraph: TestSubgraph;
afterEach(() => subgraph?.close());

/** A subgraph that holds every answer until `release()`, and the sharing stage in front of it. */
async function heldSubgraph() {
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  subgraph = await startTestSubgraph(async (received, res) => {
    await released;
    json({ data: { me: { id: JSON.parse(received.body).variables?.n ?? "1" } } })(received, res);
  });
  const shared = new Counter({ name: "shared", help: "-", labelNames: ["subgraph"], registers: [new Registry()] });
  const handler = chain<Reply>([shareInFlight(shared)], sendOverHttp({ url: subgraph.url, agent, timeoutMs: 2_000 }));
  /** Starts the fetches, waits until the subgraph received what it will receive, then lets it answer. */
  const run = async (...fetches: ReturnType<typeof testFetch>[]) => {
    const replies = Promise.all(fetches.map((fetch) => handler(fetch.request)));
    await delay(100);
    release();
    return replies;
  };
  return { run, shared };
}

describe("in-flight sharing", () => {
  it("sends identical queries of one caller once, and hands each the same reply to parse", async () => {
    const { run, shared } = await heldSubgraph();
    const [first, second] = [testFetch("users", ME, { userId: "ada" }), testFetch("users", ME, { userId: "ada" })];
    const [a, b] = await run(first, second);
    expect(subgraph.received).toHaveLength(1);
    expect(b).toBe(a);
    expect([first.request.source, second.request.source]).toEqual(["network", "shared"]);
    expect(await countOf(shared, { subgraph: "users" })).toBe(1);
  });

  it("never shares across callers, never shares mutations, and shares nothing once the fetch is done", async () => {
    const { run, shared } = await heldSubgraph();
    await run(
      testFetch("users", ME, { userId: "ada" }),
      testFetch("users", ME, { userId: "grace" }),
      testFetch("users", ME, { userId: null }),
      testFetch("users", "mutation { logout }", { userId: "ada", kind: "mutation" }),
      testFetch("users", "mutation { logout }", { userId: "ada", kind: "mutation" }),
    );
    expect(subgraph.received).toHaveLength(5);
    const later = testFetch("users", ME, { userId: "ada" });
    await run(later);
    expect(subgraph.received).toHaveLength(6);
    expect(later.request.source).toBe("network");
    expect(await countOf(shared, { subgraph: "users" })).toBe(0);
  });

  it("hands a failure to every fetch that shared it", async () => {
    subgraph = await startTestSubgraph(async (_received, res) => {
      await delay(100);
      res.writeHead(500).end();
    });
    const shared = new Counter({ name: "shared", help: "-", labelNames: ["subgraph"], registers: [new Registry()] });
    const handler = chain<Reply>([shareInFlight(shared)], sendOverHttp({ url: subgraph.url, agent, timeoutMs: 2_000 }));
    const results = await Promise.allSettled([handler(testFetch("users", ME).request), handler(testFetch("users", ME).request)]);
    expect(results.map((result) => result.status)).toEqual(["rejected", "rejected"]);
    expect(subgraph.received).toHaveLength(1);
  });
});
