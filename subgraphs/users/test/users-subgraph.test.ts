// The users subgraph over real HTTP: federation fields, accounts, and the router-only credential.
import { createLogger } from "@shop/shared/logger";
import { seedUsers } from "@shop/shared/seed-data";
import { callSubgraph, postGraphQL, testEnv } from "@shop/shared/testing";
import { verifyAccessToken } from "@shop/shared/user-token";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, startUsersSubgraph } from "../src/subgraph.ts";

const config = loadConfig(testEnv());
let subgraph: Awaited<ReturnType<typeof startUsersSubgraph>>;
const ada = seedUsers[0]!;
const staff = seedUsers.find((user) => user.email === "staff@example.com")!;
const call = (query: string, variables: Record<string, unknown> = {}, userId: string | null = null) =>
  callSubgraph(subgraph.url, config.serviceKeys, query, variables, userId);

beforeAll(async () => {
  subgraph = await startUsersSubgraph(config, createLogger("users", "error"));
});
afterAll(() => subgraph?.stop());

describe("federation", () => {
  it("publishes its SDL through _service", async () => {
    const { data } = await call("{ _service { sdl } }");
    expect(data?._service.sdl).toMatch(/type User\s+@key\(fields: "id"\)/);
  });

  it("resolves User references through _entities, null for unknown ids", async () => {
    const { data } = await call(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { id email name } } }`,
      { r: [{ __typename: "User", id: ada.id }, { __typename: "User", id: "00000000-0000-4000-8000-000000000000" }] },
    );
    expect(data?._entities).toEqual([{ id: ada.id, email: ada.email, name: ada.name }, null]);
  });
});

describe("accounts", () => {
  it("logs Ada in with a token the router can verify", async () => {
    const { data, errors } = await call(`mutation { login(email: "ADA@example.com", password: "storefront-demo") { token user { id email } } }`);
    expect(errors).toBeUndefined();
    expect(data?.login.user).toEqual({ id: ada.id, email: ada.email });
    expect((await verifyAccessToken(config.jwtSecret, data?.login.token))?.userId).toBe(ada.id);
  });

  it("puts the account's scopes in its token: the staff account's three, none for a customer", async () => {
    const login = (email: string) => call(`mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: email, p: "storefront-demo" });
    const staffToken = (await login(staff.email)).data?.login.token;
    expect((await verifyAccessToken(config.jwtSecret, staffToken))?.scopes).toEqual(["catalog:write", "orders:manage", "payments:refund"]);
    expect((await verifyAccessToken(config.jwtSecret, (await login(ada.email)).data?.login.token))?.scopes).toEqual([]);
  });

  it("shows an account's scopes to the account itself and to users:admin, FORBIDDEN to anyone else", async () => {
    const query = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { id scopes } } }`;
    const r = [{ __typename: "User", id: staff.id }];
    expect((await call(query, { r }, staff.id)).data?._entities).toEqual([{ id: staff.id, scopes: [...staff.scopes] }]);
    const admin = await callSubgraph(subgraph.url, config.serviceKeys, query, { r }, ada.id, ["users:admin"]);
    expect(admin.data?._entities).toEqual([{ id: staff.id, scopes: [...staff.scopes] }]);
    const stranger = await call(query, { r }, ada.id);
    expect(stranger.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await call(`{ me { scopes } }`, {}, ada.id)).data?.me).toEqual({ scopes: [] });
  });

  it("refuses a wrong password and an unknown email alike", async () => {
    for (const email of [ada.email, "nobody@example.com"]) {
      const { data, errors } = await call(`mutation ($e: String!) { login(email: $e, password: "wrong-password") { token } }`, { e: email });
      expect(data).toBeNull();
      expect(errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      expect(errors?.[0]?.message).toBe("Email or password is incorrect");
    }
  });

  it("signs up a new user, then refuses the same email again", async () => {
    const signUp = `mutation ($i: SignUpInput!) { signUp(input: $i) { token user { email name } } }`;
    const input = { email: "Linus@Example.com", name: "Linus", password: "correct horse" };
    const first = await call(signUp, { i: input });
    expect(first.data?.signUp.user).toEqual({ email: "linus@example.com", name: "Linus" });
    const second = await call(signUp, { i: { ...input, email: "linus@example.com" } });
    expect(second.errors?.[0]).toMatchObject({ extensions: { code: "CONFLICT" } });
  });

  it("rejects invalid sign-up fields with BAD_USER_INPUT naming the field", async () => {
    const signUp = `mutation ($i: SignUpInput!) { signUp(input: $i) { token } }`;
    const cases = [
      [{ email: "not-an-email", name: "X", password: "long enough" }, "email"],
      [{ email: "x@example.com", name: " ", password: "long enough" }, "name"],
      [{ email: "x@example.com", name: "X", password: "short" }, "password"],
    ] as const;
    for (const [input, field] of cases) {
      const { errors } = await call(signUp, { i: input });
      expect(errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
    }
    expect(await subgraph.prisma.user.count({ where: { email: "x@example.com" } })).toBe(0);
  });

  it("answers me for the caller and null for an anonymous one", async () => {
    expect((await call("{ me { email } }", {}, ada.id)).data?.me).toEqual({ email: ada.email });
    expect((await call("{ me { email } }")).data?.me).toBeNull();
  });

  it("never stores a password in clear", async () => {
    const row = await subgraph.prisma.user.findUniqueOrThrow({ where: { id: ada.id } });
    expect(row.passwordHash).toMatch(/^scrypt\$/);
    expect(row.passwordHash).not.toContain(ada.password);
  });
});

describe("router-only access", () => {
  it("refuses a request without a credential, or with a forged one", async () => {
    const plain = await postGraphQL(subgraph.url, "{ me { id } }");
    expect(plain.status).toBe(401);
    const forged = await postGraphQL(subgraph.url, "{ me { id } }", {}, { "x-shop-credential": "eyJhbGciOiJub25lIn0.e30." });
    expect(forged.status).toBe(401);
  });
});
