// The timing stage: every fetch of a client's operation leaves a record for its log line (duration, outcome,
// attempts, and where the answer came from), and only fetches actually sent count in the duration histogram.
import { Histogram, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { type Answer, chain, type Handler } from "../../src/fetch/stage.ts";
import { timeFetches } from "../../src/fetch/timing.ts";
import { observationsOf, testFetch } from "./support.ts";

const ANSWER: Answer = { response: { data: {} }, reply: { text: "{}", hint: { maxAge: 0 }, attempts: 2 } };

function timed(last: Handler<Answer>) {
  const durations = new Histogram({ name: "durations", help: "-", labelNames: ["subgraph", "outcome"], registers: [new Registry()] });
  return { handler: chain<Answer>([timeFetches(durations)], last), durations };
}

describe("timing stage", () => {
  it("records a sent fetch with its duration and attempts, and observes it", async () => {
    const { handler, durations } = timed(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return ANSWER;
    });
    const fetch = testFetch("products", "{ products { id } }");
    await handler(fetch.request);
    const [record] = fetch.context.subgraphFetches;
    expect(record).toMatchObject({ subgraph: "products", ok: true, attempts: 2 });
    expect(record!.durationMs).toBeGreaterThanOrEqual(15);
    expect(record!.source).toBeUndefined();
    expect(await observationsOf(durations, { subgraph: "products", outcome: "ok" })).toBe(1);
  });

  it("records a failure with the attempts made, and rethrows it", async () => {
    const { handler, durations } = timed(async (request) => {
      request.attempts = 3;
      throw new Error("refused");
    });
    const fetch = testFetch("products", "{ products { id } }");
    await expect(handler(fetch.request)).rejects.toThrow("refused");
    expect(fetch.context.subgraphFetches).toEqual([expect.objectContaining({ subgraph: "products", ok: false, attempts: 3 })]);
    expect(await observationsOf(durations, { subgraph: "products", outcome: "error" })).toBe(1);
  });

  it("records cache hits (no duration) and shared fetches without observing them", async () => {
    const { handler, durations } = timed(async (request) => {
      request.source = request.subgraph === "products" ? "cache" : "shared";
      return request.source === "cache" ? { ...ANSWER, reply: { ...ANSWER.reply!, attempts: 0 } } : ANSWER;
    });
    const hit = testFetch("products", "{ products { id } }");
    const shared = testFetch("users", "{ me { id } }");
    await handler(hit.request);
    await handler(shared.request);
    expect(hit.context.subgraphFetches).toEqual([{ subgraph: "products", durationMs: 0, ok: true, attempts: 0, source: "cache" }]);
    expect(shared.context.subgraphFetches).toEqual([expect.objectContaining({ subgraph: "users", ok: true, attempts: 2, source: "shared" })]);
    expect(await observationsOf(durations, { subgraph: "products" })).toBe(0);
    expect(await observationsOf(durations, { subgraph: "users" })).toBe(0);
  });

  it("observes the gateway's own fetches, which have no request to record on", async () => {
    const { handler, durations } = timed(async () => ANSWER);
    await handler(testFetch("users", "{ __typename }", { kind: "health check" }).request);
    expect(await observationsOf(durations, { subgraph: "users", outcome: "ok" })).toBe(1);
  });
});
