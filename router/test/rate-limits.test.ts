// Rate limits attacked through real routers: password guessing past the per-account budget (one replica on the
// in-memory store; two replicas sharing Redis, with TEST_REDIS_URL), aliases and parallel bursts, a sign-up
// flood and a request flood. Each attack must be refused with 429, Retry-After and RATE_LIMITED.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "@shop/shared/paths";
import { postGraphQL } from "@shop/shared/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Stack, startStack } from "../../test/support/stack.ts";

const LOGIN = "mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token } }";
const SIGN_UP = "mutation ($input: SignUpInput!) { signUp(input: $input) { token } }";
const LIMITS = {
  RATE_LIMITS: "true",
  RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT: "3",
  RATE_LIMIT_LOGIN_FAILURES_PER_ADDRESS: "1000",
  RATE_LIMIT_SIGNUPS_PER_ADDRESS: "3",
};

/** A client address of its own (through one trusted proxy hop), so counters in a shared Redis never meet another run's. */
const someAddress = () => `10.${randomBytes(3).join(".")}`;

function expectRateLimited(result: { status: number; headers: Headers; errors?: Array<{ extensions?: Record<string, unknown> }> }) {
  expect(result.status).toBe(429);
  expect(Number(result.headers.get("retry-after"))).toBeGreaterThan(0);
  expect(result.errors?.[0]?.extensions?.code).toBe("RATE_LIMITED");
}

describe("rate limits", () => {
  let stack: Stack;
  let email: string;
  const password = "a-correct-horse-battery";

  beforeAll(async () => {
    stack = await startStack("pglite");
    email = `victim-${randomUUID()}@example.com`;
    const created = await stack.query(SIGN_UP, { input: { email, name: "Victim", password } });
    expect(created.errors).toBeUndefined();
  });
  afterAll(() => stack?.stop());

  it("locks an account after repeated failed logins, and the right password waits too (in-memory store)", async () => {
    const router = await stack.startRouter(LIMITS);
    const guess = (p: string) => postGraphQL(router.graphqlUrl, LOGIN, { e: email, p });
    for (let attempt = 0; attempt < 3; attempt++) {
      const wrong = await guess(`guess-${attempt}`);
      expect(wrong.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    }
    expectRateLimited(await guess("guess-4"));
    // Another spelling of the same account shares its budget.
    expectRateLimited(await postGraphQL(router.graphqlUrl, LOGIN, { e: ` ${email.toUpperCase()}`, p: password }));
    expectRateLimited(await guess(password));
  });

  it("counts consecutive failures: a successful login clears them", async () => {
    const router = await stack.startRouter(LIMITS);
    const guess = (p: string) => postGraphQL<{ login: { token: string } }>(router.graphqlUrl, LOGIN, { e: "ada@example.com", p });
    for (let round = 0; round < 3; round++) {
      expect((await guess("wrong-1")).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      expect((await guess("wrong-2")).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      expect((await guess("storefront-demo")).data?.login.token).toBeTruthy();
    }
  });

  it("lets no more guesses through than the budget, however they are sent: aliases and a parallel burst", async () => {
    const router = await stack.startRouter(LIMITS);
    const target = `burst-${randomUUID()}@example.com`;
    const aliases = Array.from({ length: 5 }, (_, i) => `a${i}: login(email: $e, password: "guess-${i}") { token }`).join(" ");
    expectRateLimited(await postGraphQL(router.graphqlUrl, `mutation ($e: String!) { ${aliases} }`, { e: target }));

    const burst = await Promise.all(Array.from({ length: 12 }, (_, i) => postGraphQL(router.graphqlUrl, LOGIN, { e: target, p: `p-${i}` })));
    // The aliased request was refused before it ran, so it tried nothing and cost nothing; of the burst, exactly
    // the budget reaches the users service.
    const answered = burst.filter((result) => result.status !== 429);
    expect(answered.length).toBe(3);
    for (const result of answered) expect(result.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");

    // A fresh account, through a fragment at the mutation root and under another operation name: still a login.
    const other = `fragment-${randomUUID()}@example.com`;
    const disguised = `mutation Harmless($e: String!, $p: String!) { ...F } fragment F on Mutation { login(email: $e, password: $p) { token } }`;
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => postGraphQL(router.graphqlUrl, disguised, { e: other, p: `p-${i}` })));
    expect(results.filter((result) => result.status !== 429).length).toBe(3);
    for (const refused of results.filter((result) => result.status === 429)) expectRateLimited(refused);
  });

  it("counts a login sent as a persisted operation (by hash only, in production) like any other", async () => {
    const router = await stack.startRouter({ ...LIMITS, NODE_ENV: "production" });
    const manifest = JSON.parse(readFileSync(path.join(repoRoot, "storefront", "persisted-query-manifest.json"), "utf8"));
    const login = (manifest.operations as Array<{ name: string; body: string }>).find((operation) => operation.name === "Login")!;
    const target = `persisted-${randomUUID()}@example.com`;
    const byHash = (p: string) =>
      fetch(router.graphqlUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          variables: { email: target, password: p },
          extensions: { persistedQuery: { version: 1, sha256Hash: createHash("sha256").update(login.body).digest("hex") } },
        }),
      }).then(async (response) => ({ status: response.status, headers: response.headers, ...((await response.json()) as object) }) as Parameters<typeof expectRateLimited>[0]);
    for (let attempt = 0; attempt < 3; attempt++) expect((await byHash(`p-${attempt}`)).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expectRateLimited(await byHash("p-3"));
  });

  it("refuses a sign-up flood from one address before the users service creates the accounts", async () => {
    const router = await stack.startRouter(LIMITS);
    const prefix = `flood-${randomUUID()}`;
    const results = [];
    for (let i = 0; i < 5; i++) {
      results.push(await postGraphQL(router.graphqlUrl, SIGN_UP, { input: { email: `${prefix}-${i}@example.com`, name: "Flood", password } }));
    }
    expect(results.slice(0, 3).every((result) => result.errors === undefined)).toBe(true);
    for (const refused of results.slice(3)) expectRateLimited(refused);
    expect(await stack.subgraphs.users.prisma.user.count({ where: { email: { startsWith: prefix } } })).toBe(3);
  });

  it("refuses a request flood from one address before reading it, and keys clients by the trusted proxy's entry", async () => {
    const router = await stack.startRouter({ ...LIMITS, RATE_LIMIT_REQUESTS_PER_ADDRESS: "4", TRUSTED_PROXY_HOPS: "1" });
    const from = (address: string) => postGraphQL(router.graphqlUrl, "{ __typename }", {}, { "x-forwarded-for": address });
    const flooder = someAddress();
    for (let i = 0; i < 4; i++) expect((await from(flooder)).status).toBe(200);
    expectRateLimited(await from(flooder));
    // Prepending a forged entry does not make a new client: the proxy's own entry is the one read.
    expectRateLimited(await from(`${someAddress()}, ${flooder}`));
    expect((await from(someAddress())).status).toBe(200);
  });

  it("counts order placements per account, whatever the address", async () => {
    const router = await stack.startRouter({ ...LIMITS, RATE_LIMIT_ORDERS_PER_ACCOUNT: "2", TRUSTED_PROXY_HOPS: "1" });
    const token = await stack.login("grace@example.com");
    const place = () =>
      postGraphQL(
        router.graphqlUrl,
        `mutation ($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }`,
        // A quantity of 0: refused by orders, so the test holds no stock; the attempt still spends the budget.
        { input: { idempotencyKey: `key-${randomUUID()}`, items: [{ productId: randomUUID(), quantity: 0 }] } },
        { authorization: `Bearer ${token}`, "x-forwarded-for": someAddress() },
      );
    expect((await place()).errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect((await place()).errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expectRateLimited(await place());
  });

  describe.skipIf(!process.env.TEST_REDIS_URL)("two router replicas sharing Redis", () => {
    it("counts one account's failures across replicas: guessing by turns gets no more tries, the right password waits", async () => {
      const env = { ...LIMITS, REDIS_URL: process.env.TEST_REDIS_URL!, TRUSTED_PROXY_HOPS: "1" };
      const replicas = [await stack.startRouter(env), await stack.startRouter(env)];
      const target = `shared-${randomUUID()}@example.com`;
      await stack.query(SIGN_UP, { input: { email: target, name: "Shared", password } });
      const guess = (replica: number, p: string) =>
        postGraphQL(replicas[replica % 2]!.graphqlUrl, LOGIN, { e: target, p }, { "x-forwarded-for": someAddress() });
      for (let attempt = 0; attempt < 3; attempt++) {
        expect((await guess(attempt, `guess-${attempt}`)).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      }
      expectRateLimited(await guess(0, "guess-3"));
      expectRateLimited(await guess(1, "guess-4"));
      expectRateLimited(await guess(0, password));
      expectRateLimited(await guess(1, password));
    });
  });
});
