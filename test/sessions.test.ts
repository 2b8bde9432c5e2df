// Revocable sessions through the real router and users service (docs/security.md, sessions): each attack on a
// session tries to get through and is refused; the cookie carries the attributes a browser needs to keep it safe.
import { postGraphQL } from "@shop/shared/testing";
import { signAccessToken } from "@shop/shared/user-token";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { revokeAllSessions } from "../subgraphs/users/src/db/sessions.ts";
import { type Stack, startStack } from "./support/stack.ts";

const LOGIN = "mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token user { id } } }";
const SIGN_UP = "mutation ($i: SignUpInput!) { signUp(input: $i) { token user { id } } }";
const REFRESH = "mutation { refreshSession { token user { id } } }";
const LOGOUT = "mutation { logout }";
const ME = "{ me { id } }";

/** One response's cookie: its value (the refresh token) and attributes, as the browser would read Set-Cookie. */
interface Cookie {
  header: string;
  name: string;
  value: string;
}

function cookieOf(headers: Headers): Cookie | undefined {
  const [header] = headers.getSetCookie();
  if (!header) return undefined;
  const [pair] = header.split(";");
  const separator = pair!.indexOf("=");
  return { header, name: pair!.slice(0, separator), value: pair!.slice(separator + 1) };
}

// Reads the users database and starts routers of its own: only against a stack started here.
describe.skipIf(Boolean(process.env.STACK_ROUTER_URL))("sessions", () => {
  let stack: Stack;
  /** A second router that asks the users service on every request (SESSION_CHECK_TTL_MS=0), as any replica does once its cached answer ages out. */
  let uncached: string;

  beforeAll(async () => {
    stack = await startStack("pglite");
    uncached = (await stack.startRouter({ SESSION_CHECK_TTL_MS: "0" })).graphqlUrl;
  });
  afterAll(() => stack?.stop());

  const send = (query: string, options: { token?: string; cookie?: Cookie; url?: string; variables?: Record<string, unknown> } = {}) =>
    postGraphQL(options.url ?? stack.url, query, options.variables ?? {}, {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.cookie ? { cookie: `${options.cookie.name}=${options.cookie.value}` } : {}),
    });

  async function newShopper(name: string) {
    const email = `${name}-${Date.now()}@example.com`;
    const result = await send(SIGN_UP, { variables: { i: { email, name, password: "a long enough password" } } });
    expect(result.errors).toBeUndefined();
    return { email, id: result.data?.signUp.user.id as string, token: result.data?.signUp.token as string, cookie: cookieOf(result.headers)! };
  }

  it("log-in sets an HttpOnly, SameSite=Strict cookie and keeps the refresh token out of the body; the access token is short-lived and names its session", async () => {
    const login = await send(LOGIN, { variables: { e: "ada@example.com", p: "storefront-demo" } });
    expect(login.errors).toBeUndefined();
    const cookie = cookieOf(login.headers)!;
    expect(cookie.name).toBe("shop_session");
    expect(cookie.header).toMatch(/; HttpOnly/);
    expect(cookie.header).toMatch(/; SameSite=Strict/);
    expect(cookie.header).toMatch(/; Path=\//);
    expect(cookie.header).toMatch(/; Max-Age=\d+/);
    expect(cookie.header).not.toMatch(/Secure/); // local development: plain http
    expect(login.headers.get("cache-control")).toBe("no-store");
    expect(JSON.stringify(login)).not.toContain(cookie.value.slice(0, 20));
    const claims = JSON.parse(Buffer.from(login.data?.login.token.split(".")[1], "base64url").toString());
    expect(claims.sid).toMatch(/^[0-9a-f-]{36}$/);
    expect(claims.exp - claims.iat).toBe(900);
    expect((await send(ME, { token: login.data?.login.token })).data?.me.id).toBe(login.data?.login.user.id);
  });

  it("with SESSION_COOKIE_SECURE (production's default) the cookie is Secure and __Host- prefixed", async () => {
    const router = await stack.startRouter({ SESSION_COOKIE_SECURE: "true" });
    const login = await send(LOGIN, { url: router.graphqlUrl, variables: { e: "grace@example.com", p: "storefront-demo" } });
    const cookie = cookieOf(login.headers)!;
    expect(cookie.name).toBe("__Host-shop_session");
    expect(cookie.header).toMatch(/; Secure/);
    expect(cookie.header).toMatch(/; Path=\//);
    expect(cookie.header).not.toMatch(/Domain=/);
  });

  it("refreshSession renews the access token from the cookie and rotates the cookie", async () => {
    const shopper = await newShopper("rotating");
    const refreshed = await send(REFRESH, { cookie: shopper.cookie });
    expect(refreshed.errors).toBeUndefined();
    expect(refreshed.data?.refreshSession.user.id).toBe(shopper.id);
    const next = cookieOf(refreshed.headers)!;
    expect(next.value).not.toBe(shopper.cookie.value);
    expect((await send(ME, { token: refreshed.data?.refreshSession.token })).data?.me.id).toBe(shopper.id);
    // Without a cookie there is nothing to renew.
    expect((await send(REFRESH)).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("reuse of a rotated refresh token revokes the whole family: the thief's copy and the shopper's new cookie both stop working", async () => {
    const shopper = await newShopper("reused");
    const stolen = shopper.cookie;
    const legitimate = await send(REFRESH, { cookie: shopper.cookie });
    const current = cookieOf(legitimate.headers)!;
    const currentToken = legitimate.data?.refreshSession.token as string;

    const replay = await send(REFRESH, { cookie: stolen });
    expect(replay.data).toBeNull();
    expect(replay.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(cookieOf(replay.headers)?.header).toMatch(/Max-Age=0/);

    const afterwards = await send(REFRESH, { cookie: current });
    expect(afterwards.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect((await send(ME, { token: currentToken, url: uncached })).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    const rows = await stack.subgraphs.users.prisma.session.findMany({ where: { userId: shopper.id } });
    expect(rows.length).toBe(2);
    expect(rows.every((row) => row.revokedAt !== null)).toBe(true);
  });

  it("logout clears the cookie; the refresh cookie is then refused, and so is the access token at once on this router and on another", async () => {
    const shopper = await newShopper("leaving");
    expect((await send(ME, { token: shopper.token })).data?.me.id).toBe(shopper.id); // cached as active on this router
    const logout = await send(LOGOUT, { token: shopper.token, cookie: shopper.cookie });
    expect(logout.data?.logout).toBe(true);
    expect(cookieOf(logout.headers)?.header).toMatch(/^shop_session=; Max-Age=0/);

    expect((await send(REFRESH, { cookie: shopper.cookie })).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    const me = await send(ME, { token: shopper.token });
    expect(me.status).toBe(401);
    expect(me.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect((await send(ME, { token: shopper.token, url: uncached })).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("a log-in in a browser that still had a session ends that session (its cookie is replaced)", async () => {
    const shopper = await newShopper("switching");
    const again = await send(LOGIN, { cookie: shopper.cookie, variables: { e: shopper.email, p: "a long enough password" } });
    expect(again.errors).toBeUndefined();
    expect((await send(REFRESH, { cookie: shopper.cookie })).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect((await send(ME, { token: shopper.token, url: uncached })).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect((await send(REFRESH, { cookie: cookieOf(again.headers)! })).errors).toBeUndefined();
  });

  it("logout with only the access token (an API client) ends that session", async () => {
    const shopper = await newShopper("api-client");
    expect((await send(LOGOUT, { token: shopper.token })).data?.logout).toBe(true);
    expect((await send(ME, { token: shopper.token })).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect((await send(REFRESH, { cookie: shopper.cookie })).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("a password change (revokeAllSessions) ends every session of the account, and no other account's", async () => {
    const shopper = await newShopper("changing");
    const second = await send(LOGIN, { variables: { e: shopper.email, p: "a long enough password" } });
    const other = await newShopper("bystander");
    expect(await revokeAllSessions(stack.subgraphs.users.prisma, shopper.id)).toBe(2);
    for (const token of [shopper.token, second.data?.login.token]) {
      expect((await send(ME, { token, url: uncached })).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    }
    expect((await send(REFRESH, { cookie: shopper.cookie })).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect((await send(ME, { token: other.token, url: uncached })).data?.me.id).toBe(other.id);
  });

  it("refuses the token of an account that no longer exists", async () => {
    const shopper = await newShopper("deleted");
    expect((await send(ME, { token: shopper.token, url: uncached })).data?.me.id).toBe(shopper.id);
    await stack.subgraphs.users.prisma.user.delete({ where: { id: shopper.id } });
    const me = await send(ME, { token: shopper.token, url: uncached });
    expect(me.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect((await send(REFRESH, { cookie: shopper.cookie })).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("refuses a correctly signed token that names no session, or a session of another account", async () => {
    const shopper = await newShopper("forger");
    const other = await newShopper("victim");
    const sid = JSON.parse(Buffer.from(other.token.split(".")[1]!, "base64url").toString()).sid as string;
    const noSession = await signAccessToken(stack.secrets.jwt, { userId: shopper.id });
    const borrowed = await signAccessToken(stack.secrets.jwt, { userId: shopper.id, sessionId: sid });
    for (const token of [noSession, borrowed]) expect((await send(ME, { token })).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });
});
