// Identity and trace headers against a real local server: our own subgraphs get the signed credential, bound to
// the operation and acting for the caller, and the request id; a foreign subgraph gets neither; every subgraph
// gets the W3C trace context of the fetch.
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { context as otelContext, propagation, ROOT_CONTEXT, trace, TraceFlags } from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { REQUEST_ID_HEADER } from "@shop/shared/http-server";
import { CREDENTIAL_HEADER, credentialKey, ROUTER_ISSUER, verifyCredential } from "@shop/shared/identity";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { outgoingHeaders } from "../../src/fetch/headers.ts";
import { createSubgraphAgent, sendOverHttp } from "../../src/fetch/send.ts";
import { chain, type Reply } from "../../src/fetch/stage.ts";
import { startTestSubgraph, type TestSubgraph, testFetch } from "./support.ts";

const ROUTER_KEY = "test-router-signing-key-0123456789abcdef0123";
/** What the users subgraph checks the router's credentials with: the key derived for this pair. */
const TRUSTED = { [ROUTER_ISSUER]: credentialKey(ROUTER_KEY, ROUTER_ISSUER, "users") };
const QUERY = "query ($id: ID!) { user(id: $id) { id email } }";
const agent = createSubgraphAgent(2_000);
let subgraph: TestSubgraph;

const sender = (forwardIdentity: boolean) =>
  chain<Reply>([outgoingHeaders({ forwardIdentity, credentialKey: TRUSTED[ROUTER_ISSUER] })], sendOverHttp({ url: subgraph.url, agent, timeoutMs: 2_000 }));

describe("identity and trace headers", () => {
  const contextManager = new AsyncLocalStorageContextManager();
  beforeAll(() => {
    otelContext.setGlobalContextManager(contextManager.enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  });
  afterAll(() => {
    otelContext.disable();
    propagation.disable();
  });
  afterEach(() => subgraph?.close());

  it("signs our own subgraph's credential for the caller, bound to this very operation, with the request id", async () => {
    subgraph = await startTestSubgraph();
    const operation = { query: QUERY, variables: { id: "u1" } };
    await sender(true)(testFetch("users", QUERY, { variables: operation.variables, userId: "ada", requestId: "req-42" }).request);
    const { headers } = subgraph.received[0]!;
    expect(headers[REQUEST_ID_HEADER]).toBe("req-42");
    const credential = headers[CREDENTIAL_HEADER] as string;
    expect(await verifyCredential(TRUSTED, credential, operation)).toEqual({ issuer: ROUTER_ISSUER, userId: "ada" });
    // Bound: the same credential with other variables is refused.
    expect(await verifyCredential(TRUSTED, credential, { query: QUERY, variables: { id: "u2" } })).toBeNull();
  });

  it("carries the caller's scopes in the credential, so a subgraph can check them again", async () => {
    subgraph = await startTestSubgraph();
    const operation = { query: QUERY, variables: { id: "u1" } };
    await sender(true)(testFetch("users", QUERY, { variables: operation.variables, userId: "sam", scopes: ["catalog:write", "orders:manage"] }).request);
    const credential = subgraph.received[0]!.headers[CREDENTIAL_HEADER] as string;
    expect(await verifyCredential(TRUSTED, credential, operation)).toEqual({ issuer: ROUTER_ISSUER, userId: "sam", scopes: ["catalog:write", "orders:manage"] });
  });

  it("acts as nobody for the gateway's own fetches (health checks, schema loads)", async () => {
    subgraph = await startTestSubgraph();
    await sender(true)(testFetch("users", "{ __typename }", { kind: "health check" }).request);
    const { headers } = subgraph.received[0]!;
    expect(headers[REQUEST_ID_HEADER]).toBeUndefined();
    expect(await verifyCredential(TRUSTED, headers[CREDENTIAL_HEADER] as string, { query: "{ __typename }" })).toEqual({ issuer: ROUTER_ISSUER, userId: null });
  });

  it("sends a foreign subgraph neither credential nor request id, and every subgraph the trace context", async () => {
    subgraph = await startTestSubgraph();
    const traceId = "0af7651916cd43dd8448eb211c80319c";
    const spanId = "b7ad6b7169203331";
    const fetching = trace.setSpanContext(ROOT_CONTEXT, { traceId, spanId, traceFlags: TraceFlags.SAMPLED });
    await otelContext.with(fetching, () => sender(false)(testFetch("reviews", QUERY, { userId: "ada", requestId: "req-7" }).request));
    await otelContext.with(fetching, () => sender(true)(testFetch("users", QUERY, { userId: "ada", requestId: "req-8" }).request));
    const [foreign, own] = subgraph.received.map((received) => received.headers);
    expect(foreign![CREDENTIAL_HEADER]).toBeUndefined();
    expect(foreign![REQUEST_ID_HEADER]).toBeUndefined();
    expect(foreign!.traceparent).toBe(`00-${traceId}-${spanId}-01`);
    expect(own![CREDENTIAL_HEADER]).toBeDefined();
    expect(own!.traceparent).toBe(`00-${traceId}-${spanId}-01`);
  });
});
