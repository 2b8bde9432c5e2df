// Outage handling against a subgraph that is down: a client's fetch is answered with SERVICE_UNAVAILABLE on
// exactly the fields it was for (root fields, or each entity's fields), logged with its request id; the gateway's
// own fetches fail as they are.
import { Writable } from "node:stream";
import { freePort } from "@shop/shared/testing";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { answerOutages, outageResponse, UNAVAILABLE_MESSAGE } from "../../src/fetch/outage.ts";
import { parseReply } from "../../src/fetch/parse.ts";
import { createSubgraphAgent, sendOverHttp } from "../../src/fetch/send.ts";
import { type Answer, chain } from "../../src/fetch/stage.ts";
import { testFetch } from "./support.ts";

const agent = createSubgraphAgent(2_000);
const unavailable = (path: Array<string | number>) => ({ message: UNAVAILABLE_MESSAGE, path, extensions: { code: "SERVICE_UNAVAILABLE" } });

async function downSubgraph() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: "error" }, new Writable({ write: (chunk, _encoding, done) => done(void lines.push(JSON.parse(String(chunk)))) }));
  const url = `http://127.0.0.1:${await freePort()}/graphql`;
  const handler = chain<Answer>([answerOutages(logger)], parseReply(sendOverHttp({ url, agent, timeoutMs: 1_000 })));
  return { handler, lines };
}

describe("outage handling", () => {
  it("puts SERVICE_UNAVAILABLE on the root fields the fetch owned, and logs the failure under the request id", async () => {
    const { handler, lines } = await downSubgraph();
    const answer = await handler(testFetch("payments", "{ payment(id: 1) { id } stats: paymentStats { count } }", { requestId: "req-9" }).request);
    expect(answer.reply).toBeUndefined();
    expect(answer.response).toEqual({ errors: [unavailable(["payment"]), unavailable(["stats"])] });
    expect(lines).toEqual([expect.objectContaining({ msg: "subgraph fetch failed", subgraph: "payments", requestId: "req-9", attempts: 1 })]);
  });

  it("puts it on each entity's fields for an entity fetch", async () => {
    const { handler } = await downSubgraph();
    const query = "query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Order { payment { id } __typename } } }";
    const representations = [{ __typename: "Order", id: "a" }, { __typename: "Order", id: "b" }];
    const answer = await handler(testFetch("payments", query, { variables: { representations } }).request);
    expect(answer.response).toEqual({ errors: [unavailable(["_entities", 0, "payment"]), unavailable(["_entities", 1, "payment"])] });
  });

  it("lets the gateway's own fetches fail as they are", async () => {
    const { handler, lines } = await downSubgraph();
    await expect(handler(testFetch("payments", "{ __typename }", { kind: "health check" }).request)).rejects.toThrow();
    expect(lines).toEqual([]);
  });

  it("parses the query when the gateway gives no document", () => {
    expect(outageResponse({ query: "{ a b: c }" })).toEqual({ errors: [unavailable(["a"]), unavailable(["b"])] });
  });
});
