// Each account rule tried by a client that tries to get through it, and failing with BAD_USER_INPUT (or
// UNAUTHENTICATED/FORBIDDEN) and nothing changed: password length and common passwords at sign-up and password
// change, invisible characters and confusable emails, the profile and password changes, hashes made at older
// parameters upgraded at log-in.
import { createLogger } from "@shop/shared/logger";
import { seedUsers } from "@shop/shared/seed-data";
import { callSubgraph, testEnv } from "@shop/shared/testing";
import { verifyAccessToken } from "@shop/shared/user-token";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "../src/domain/password.ts";
import { loadConfig, startUsersSubgraph } from "../src/subgraph.ts";

const config = loadConfig(testEnv());
let subgraph: Awaited<ReturnType<typeof startUsersSubgraph>>;
const [ada, grace] = seedUsers as [(typeof seedUsers)[0], (typeof seedUsers)[0]];
const call = (query: string, variables: Record<string, unknown> = {}, userId: string | null = null) =>
  callSubgraph(subgraph.url, config.serviceKeys, query, variables, userId);

const SIGN_UP = `mutation ($i: SignUpInput!) { signUp(input: $i) { token user { id email name } } }`;
const CHANGE_PASSWORD = `mutation ($i: ChangePasswordInput!) { changePassword(input: $i) { token user { id } } }`;
const LOGIN = `mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token user { id } } }`;

beforeAll(async () => {
  subgraph = await startUsersSubgraph(config, createLogger("users", "error"));
});
afterAll(() => subgraph?.stop());

const accounts = () => subgraph.prisma.user.count();
/** Signs up and expects BAD_USER_INPUT on `field` (and `rule` when given), with no account created. */
async function refusedSignUp(input: { email: string; name: string; password: string }, field: string, rule?: string) {
  const before = await accounts();
  const { data, errors } = await call(SIGN_UP, { i: input });
  expect(data).toBeNull();
  expect(errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field, ...(rule ? { rule } : {}) });
  expect(await accounts()).toBe(before);
  return errors![0]!;
}

describe("password rules at sign-up", () => {
  it("refuses a password shorter than 10 characters", async () => {
    const error = await refusedSignUp({ email: "short@example.com", name: "Short", password: "9chars-pw" }, "password", "length");
    expect(error.message).toBe("Password must be at least 10 characters");
  });

  it("refuses a common password, whatever its case", async () => {
    for (const password of ["password123", "Qwertyuiop", "1234567890"]) {
      const error = await refusedSignUp({ email: "common@example.com", name: "Common", password }, "password", "common");
      expect(error.message).toContain("one of the most common");
    }
  });

  it("refuses a password longer than 200 characters", async () => {
    await refusedSignUp({ email: "long@example.com", name: "Long", password: "x".repeat(201) }, "password", "length");
  });
});

describe("names and emails", () => {
  it("refuses a name with a control, bidi, zero-width or other invisible character", async () => {
    for (const name of ["Ada\nLovelace", "Ada\u202Eecalevol", "Ad\u200Ba", "\u3164", "Ada\u2066x\u2069", "A\u00ADda", "Ada\uFE0F"]) {
      const error = await refusedSignUp({ email: "invisible@example.com", name, password: "a fine passphrase" }, "name");
      expect(error.message).toBe("Name must not contain control, bidi or invisible characters");
    }
  });

  it("refuses a non-ASCII local part (a Cyrillic а passing for a Latin a) and invisible characters in an email", async () => {
    for (const email of ["\u0430da@example.com", "a\u200Bda@example.com", "ada@exa\u00ADmple.com", "ada@example.com\u202E"]) {
      await refusedSignUp({ email, name: "Mallory", password: "a fine passphrase" }, "email");
    }
  });

  it("stores emails NFKC-normalised and lower-cased, with an internationalised domain in its ASCII form", async () => {
    const { data, errors } = await call(SIGN_UP, { i: { email: "Ｋａｔｈｅｒｉｎｅ@Bücher.Example", name: "  Ｋatherine  ", password: "a fine passphrase" } });
    expect(errors).toBeUndefined();
    expect(data?.signUp.user).toMatchObject({ email: "katherine@xn--bcher-kva.example", name: "Katherine" });
    // The same address typed another way is the same account.
    const again = await call(SIGN_UP, { i: { email: "KATHERINE@bücher.example", name: "K", password: "a fine passphrase" } });
    expect(again.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    expect((await call(LOGIN, { e: "katherine@XN--BCHER-KVA.example", p: "a fine passphrase" })).data?.login.user.id).toBe(data?.signUp.user.id);
  });
});

describe("updateProfile", () => {
  const UPDATE = `mutation ($i: UpdateProfileInput!) { updateProfile(input: $i) { id name } }`;

  it("refuses an anonymous caller and an invalid name, changing nothing", async () => {
    expect((await call(UPDATE, { i: { name: "Nobody" } })).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    const invalid = await call(UPDATE, { i: { name: "Gr\u200Bace" } }, grace.id);
    expect(invalid.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "name" });
    expect((await call(UPDATE, { i: { name: " " } }, grace.id)).errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "name" });
    expect((await subgraph.prisma.user.findUniqueOrThrow({ where: { id: grace.id } })).name).toBe(grace.name);
  });

  it("changes the caller's own name, normalised", async () => {
    const { data } = await call(UPDATE, { i: { name: "  Grace Brewster Hopper " } }, grace.id);
    expect(data?.updateProfile).toEqual({ id: grace.id, name: "Grace Brewster Hopper" });
  });
});

describe("changePassword", () => {
  let userId: string;
  const email = "changer@example.com";
  beforeAll(async () => {
    userId = (await call(SIGN_UP, { i: { email, name: "Changer", password: "first passphrase" } })).data?.signUp.user.id;
  });
  const passwordHash = async () => (await subgraph.prisma.user.findUniqueOrThrow({ where: { id: userId } })).passwordHash;

  it("refuses an anonymous caller", async () => {
    const { errors } = await call(CHANGE_PASSWORD, { i: { currentPassword: "first passphrase", newPassword: "second passphrase" } });
    expect(errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("refuses a wrong current password, naming the field, and keeps the old one", async () => {
    const before = await passwordHash();
    const { errors } = await call(CHANGE_PASSWORD, { i: { currentPassword: "not the password", newPassword: "second passphrase" } }, userId);
    expect(errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "currentPassword" });
    expect(await passwordHash()).toBe(before);
  });

  it("refuses a new password that breaks a rule (too short, common), naming the rule", async () => {
    const before = await passwordHash();
    for (const [newPassword, rule] of [["short", "length"], ["iloveyou123", "common"]] as const) {
      const { errors } = await call(CHANGE_PASSWORD, { i: { currentPassword: "first passphrase", newPassword } }, userId);
      expect(errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "newPassword", rule });
    }
    expect(await passwordHash()).toBe(before);
  });

  it("changes the password: a fresh token, the old password refused, the new one accepted", async () => {
    const { data, errors } = await call(CHANGE_PASSWORD, { i: { currentPassword: "first passphrase", newPassword: "second passphrase" } }, userId);
    expect(errors).toBeUndefined();
    expect((await verifyAccessToken(config.jwtSecret, data?.changePassword.token))?.userId).toBe(userId);
    expect((await call(LOGIN, { e: email, p: "first passphrase" })).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect((await call(LOGIN, { e: email, p: "second passphrase" })).data?.login.user.id).toBe(userId);
  });
});

describe("password hashes", () => {
  it("stores new hashes at scrypt N=2^17, r=8, p=1 (OWASP), and the demo accounts log in with storefront-demo", async () => {
    expect(await subgraph.prisma.user.findUniqueOrThrow({ where: { id: ada.id } })).toMatchObject({ passwordHash: expect.stringMatching(/^scrypt\$131072\$8\$1\$/) });
    expect((await call(LOGIN, { e: ada.email, p: "storefront-demo" })).data?.login.user.id).toBe(ada.id);
  });

  it("logs in a hash made at the old N=2^14 and upgrades it, conditionally, to today's parameters", async () => {
    const old = await hashPassword("an old passphrase", { N: 2 ** 14, r: 8, p: 1 });
    const user = await subgraph.prisma.user.create({ data: { email: "old-hash@example.com", name: "Old", passwordHash: old } });
    expect((await call(LOGIN, { e: user.email, p: "an old passphrase" })).data?.login.user.id).toBe(user.id);
    const upgraded = (await subgraph.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash;
    expect(upgraded).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(await verifyPassword("an old passphrase", upgraded)).toBe(true);
    // A wrong password upgrades nothing.
    const other = await subgraph.prisma.user.create({ data: { email: "old-hash-2@example.com", name: "Old", passwordHash: old } });
    expect((await call(LOGIN, { e: other.email, p: "not it at all" })).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect((await subgraph.prisma.user.findUniqueOrThrow({ where: { id: other.id } })).passwordHash).toBe(old);
  });

  it("refuses a stored hash whose parameters are out of bounds instead of computing it", async () => {
    expect(await verifyPassword("anything", "scrypt$1073741824$8$1$c2FsdA$aGFzaA")).toBe(false);
    expect(await verifyPassword("anything", "scrypt$100$8$1$c2FsdA$aGFzaA")).toBe(false);
  });
});
