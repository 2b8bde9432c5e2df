// The two JWTs of the system, checked against tokens made by another implementation (jose, as an attacker or
// another service would make them): what is accepted, and every kind of token that must be refused.
import { SignJWT, UnsecuredJWT } from "jose";
import { describe, expect, it } from "vitest";
import { operationDigest, ROUTER_ISSUER, signCredential, verifyCredential } from "../src/identity.ts";
import { signAccessToken, verifyAccessToken } from "../src/user-token.ts";

const signUserToken = (value: string, id: string, ttl?: number) => signAccessToken(value, { userId: id }, ttl);
const verifyUserToken = async (value: string, token: string) => (await verifyAccessToken(value, token))?.userId ?? null;

const secret = "a-test-secret-of-at-least-32-characters!";
const other = "another-secret-of-at-least-32-characters";
const userId = "8f0c1d2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f";
const key = (value: string) => new TextEncoder().encode(value);
const now = () => Math.floor(Date.now() / 1000);

function joseUserToken(claims: { iss?: string; aud?: string; sub?: string; exp?: number }, value = secret, alg = "HS256") {
  const jwt = new SignJWT({}).setProtectedHeader({ alg }).setIssuedAt();
  if (claims.iss) jwt.setIssuer(claims.iss);
  if (claims.aud) jwt.setAudience(claims.aud);
  if (claims.sub) jwt.setSubject(claims.sub);
  if (claims.exp !== undefined) jwt.setExpirationTime(claims.exp);
  return jwt.sign(key(value));
}

describe("shopper tokens", () => {
  it("verifies its own tokens and standard ones from the same issuer", async () => {
    expect(await verifyUserToken(secret, await signUserToken(secret, userId))).toBe(userId);
    expect(await verifyUserToken(secret, await joseUserToken({ iss: "shop-users", aud: "shop", sub: userId, exp: now() + 60 }))).toBe(userId);
  });

  it("refuses forged, expired, foreign, unsigned and expiry-less tokens (also after a valid one was cached)", async () => {
    expect(await verifyUserToken(secret, await signUserToken(secret, userId))).toBe(userId);
    const refused = [
      await signUserToken(other, userId),
      await joseUserToken({ iss: "shop-users", aud: "shop", sub: userId, exp: now() - 10 }),
      await joseUserToken({ iss: "someone-else", aud: "shop", sub: userId, exp: now() + 60 }),
      await joseUserToken({ iss: "shop-users", aud: "shop-subgraphs", sub: userId, exp: now() + 60 }),
      await joseUserToken({ iss: "shop-users", aud: "shop", sub: userId }),
      await joseUserToken({ iss: "shop-users", aud: "shop", sub: userId, exp: now() + 60 }, secret, "HS512"),
      new UnsecuredJWT({ sub: userId }).setIssuer("shop-users").setAudience("shop").setExpirationTime("1h").encode(),
      "not-a-token",
      "",
    ];
    for (const token of refused) expect(await verifyUserToken(secret, token)).toBeNull();
  });

  it("carries the session and the scopes, and a customer's token none", async () => {
    const staff = await signAccessToken(secret, { userId, sessionId: "s-1", scopes: ["catalog:write", "orders:manage"] });
    expect(await verifyAccessToken(secret, staff)).toEqual({ userId, sessionId: "s-1", scopes: ["catalog:write", "orders:manage"] });
    expect(await verifyAccessToken(secret, await signAccessToken(secret, { userId }))).toEqual({ userId, sessionId: null, scopes: [] });
    const standard = await new SignJWT({ scope: "payments:refund  users:admin", sid: "s-2" })
      .setProtectedHeader({ alg: "HS256" }).setIssuer("shop-users").setAudience("shop").setSubject(userId).setExpirationTime(now() + 60).sign(key(secret));
    expect(await verifyAccessToken(secret, standard)).toEqual({ userId, sessionId: "s-2", scopes: ["payments:refund", "users:admin"] });
  });

  it("a cached token still expires", async () => {
    const token = await signUserToken(secret, userId, 1_000);
    expect(await verifyUserToken(secret, token)).toBe(userId);
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    expect(await verifyUserToken(secret, token)).toBeNull();
  });
});

describe("subgraph credentials", () => {
  const operation = { query: "{ me { id } }", operationName: null, variables: { a: 1 } };
  // What a receiver checks each caller with (one key per issuer toward it: see service-credentials.test.ts).
  const trusted = { [ROUTER_ISSUER]: secret, orders: `${secret}-orders` };

  it("carries the issuer and the user, bound to the operation", async () => {
    const token = await signCredential(secret, { issuer: ROUTER_ISSUER, userId }, operation);
    expect(await verifyCredential(trusted, token, operation)).toEqual({ issuer: ROUTER_ISSUER, userId });
    expect(await verifyCredential(trusted, token, { ...operation, variables: { a: 2 } })).toBeNull();
    expect(await verifyCredential({ [ROUTER_ISSUER]: other }, token, operation)).toBeNull();
    const staff = await signCredential(secret, { issuer: ROUTER_ISSUER, userId, scopes: ["catalog:write"] }, operation);
    expect(await verifyCredential(trusted, staff, operation)).toEqual({ issuer: ROUTER_ISSUER, userId, scopes: ["catalog:write"] });
    const service = await signCredential(trusted.orders, { issuer: "orders", userId: null }, operation);
    expect(await verifyCredential(trusted, service, operation)).toEqual({ issuer: "orders", userId: null });
  });

  it("refuses unsigned, expired, expiry-less, unbound and foreign-audience credentials", async () => {
    const op = operationDigest(operation);
    const credential = (claims: { aud?: string; exp?: number; op?: string }) => {
      const jwt = new SignJWT(claims.op ? { op: claims.op } : {}).setProtectedHeader({ alg: "HS256" }).setIssuer("orders").setIssuedAt();
      if (claims.aud) jwt.setAudience(claims.aud);
      if (claims.exp !== undefined) jwt.setExpirationTime(claims.exp);
      return jwt.sign(key(trusted.orders));
    };
    expect(await verifyCredential(trusted, await credential({ aud: "shop-subgraphs", exp: now() + 30, op }), operation)).toEqual({ issuer: "orders", userId: null });
    for (const token of [
      await credential({ aud: "shop-subgraphs", exp: now() - 30, op }),
      await credential({ aud: "shop-subgraphs", op }),
      await credential({ aud: "shop", exp: now() + 30, op }),
      await credential({ aud: "shop-subgraphs", exp: now() + 30 }),
      new UnsecuredJWT({ op }).setIssuer("orders").setAudience("shop-subgraphs").setExpirationTime("1m").encode(),
    ]) {
      expect(await verifyCredential(trusted, token, operation)).toBeNull();
    }
  });
});
