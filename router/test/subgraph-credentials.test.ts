// A subgraph answers only the router and the services it lists: forged, expired, replayed, unbound and misbound
// credentials are refused with 401 before any resolver runs (the products subgraph stands for all four: the check
// lives in packages/shared).
import { CREDENTIAL_HEADER, operationDigest, signCredential } from "@shop/shared/identity";
import { createLogger } from "@shop/shared/logger";
import { postGraphQL, testEnv } from "@shop/shared/testing";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, startProductsSubgraph } from "../../subgraphs/products/src/subgraph.ts";

const config = loadConfig(testEnv());
/** The key products checks the router's credentials with. */
const ROUTER_KEY = config.serviceKeys.trusted.router!;
const QUERY = "{ products(first: 1) { totalCount } }";
let subgraph: Awaited<ReturnType<typeof startProductsSubgraph>>;

const send = (headers: Record<string, string>, query = QUERY, variables: Record<string, unknown> = {}) =>
  postGraphQL(subgraph.url, query, variables, headers);

/** A credential like the router's, with chosen times and claims. */
async function craft(options: { iat: number; exp: number; secret?: string; op?: string; iss?: string }): Promise<string> {
  return new SignJWT(options.op === undefined ? {} : { op: options.op })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer(options.iss ?? "router")
    .setAudience("shop-subgraphs")
    .setIssuedAt(options.iat)
    .setExpirationTime(options.exp)
    .sign(new TextEncoder().encode(options.secret ?? ROUTER_KEY));
}

describe("subgraph credentials", () => {
  beforeAll(async () => {
    subgraph = await startProductsSubgraph(config, createLogger("products", "fatal"));
  });
  afterAll(() => subgraph?.stop());

  it("serves the router's bound credential", async () => {
    const credential = await signCredential(ROUTER_KEY, { issuer: "router", userId: null }, { query: QUERY, variables: {} });
    const { status, data } = await send({ [CREDENTIAL_HEADER]: credential });
    expect(status).toBe(200);
    expect(data?.products.totalCount).toBe(26);
  });

  it("refuses a direct call and a forged identity header", async () => {
    const none = await send({});
    expect(none.status).toBe(401);
    expect(none.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(none.data).toBeUndefined();
    const forged = await send({ [CREDENTIAL_HEADER]: "eyJhbGciOiJub25lIn0.eyJpc3MiOiJyb3V0ZXIiLCJzdWIiOiJhZGEifQ.", "x-user-id": "ada" });
    expect(forged.status).toBe(401);
    const now = Math.floor(Date.now() / 1000);
    const wrongKey = await craft({ iat: now, exp: now + 60, secret: "someone-elses-secret-0123456789abcdef0123", op: operationDigest({ query: QUERY, variables: {} }) });
    expect((await send({ [CREDENTIAL_HEADER]: wrongKey })).status).toBe(401);
  });

  it("refuses a credential older than its TTL (a replay after the minute)", async () => {
    const now = Math.floor(Date.now() / 1000);
    const op = operationDigest({ query: QUERY, variables: {} });
    const expired = await craft({ iat: now - 120, exp: now - 60, op });
    const replay = await send({ [CREDENTIAL_HEADER]: expired });
    expect(replay.status).toBe(401);
    const fresh = await craft({ iat: now, exp: now + 60, op });
    expect((await send({ [CREDENTIAL_HEADER]: fresh })).status).toBe(200);
  });

  it("refuses a captured credential reused for another query or other variables within its minute", async () => {
    const query = "query ($id: ID!) { product(id: $id) { id } }";
    const id = "00000000-0000-4000-8000-000000000000";
    const credential = await signCredential(ROUTER_KEY, { issuer: "router", userId: null }, { query, variables: { id } });
    expect((await send({ [CREDENTIAL_HEADER]: credential }, query, { id })).status).toBe(200);
    const otherQuery = await send({ [CREDENTIAL_HEADER]: credential }, QUERY);
    expect(otherQuery.status).toBe(401);
    const otherVariables = await send({ [CREDENTIAL_HEADER]: credential }, query, { id: "11111111-1111-4111-8111-111111111111" });
    expect(otherVariables.status).toBe(401);
  });

  it("refuses an unbound credential, the router's and a service's alike", async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await send({ [CREDENTIAL_HEADER]: await craft({ iat: now, exp: now + 60 }) })).status).toBe(401);
    const service = await craft({ iat: now, exp: now + 60, iss: "orders", secret: config.serviceKeys.trusted.orders! });
    expect((await send({ [CREDENTIAL_HEADER]: service })).status).toBe(401);
  });
});
