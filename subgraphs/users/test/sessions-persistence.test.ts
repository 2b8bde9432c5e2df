// The session persistence layer on a real database (db/sessions.ts): rotation, reuse, two rotations racing with one
// token, log-out, revokeAllSessions (what a password change calls) and a deleted account.
import { createLogger } from "@shop/shared/logger";
import { seedUsers } from "@shop/shared/seed-data";
import { CREDENTIAL_HEADER, signCredential } from "@shop/shared/identity";
import { randomBytes } from "node:crypto";
import { SESSION_CHECK_ISSUER, SESSION_CHECK_QUERY } from "@shop/shared/session-transport";
import { callSubgraph, callSubgraphAs, postGraphQL, testEnv } from "@shop/shared/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createSession,
  hashRefreshToken,
  isSessionActive,
  pruneExpiredSessions,
  revokeAllSessions,
  revokeByRefreshToken,
  rotateSession,
} from "../src/db/sessions.ts";
import { loadConfig, startUsersSubgraph } from "../src/subgraph.ts";

const DAY = 86_400_000;
const config = loadConfig(testEnv());
let subgraph: Awaited<ReturnType<typeof startUsersSubgraph>>;
const [ada, grace] = [seedUsers[0]!, seedUsers[1]!];

beforeAll(async () => {
  subgraph = await startUsersSubgraph(config, createLogger("users", "error"));
});
afterAll(() => subgraph?.stop());

describe("session persistence", () => {
  it("stores only the refresh token's hash", async () => {
    const { session, refreshToken } = await createSession(subgraph.prisma, ada.id, DAY);
    expect(session.refreshHash).toBe(hashRefreshToken(refreshToken));
    expect(JSON.stringify(await subgraph.prisma.session.findMany())).not.toContain(refreshToken);
    expect(session.family).toBe(session.id);
  });

  it("rotates: the new session continues the family, the old one closes", async () => {
    const first = await createSession(subgraph.prisma, ada.id, DAY);
    const rotation = await rotateSession(subgraph.prisma, first.refreshToken, DAY);
    if (rotation.outcome !== "rotated") throw new Error(rotation.outcome);
    expect(rotation.issued.session.family).toBe(first.session.id);
    expect(await isSessionActive(subgraph.prisma, first.session.id, ada.id)).toBe(false);
    expect(await isSessionActive(subgraph.prisma, rotation.issued.session.id, ada.id)).toBe(true);
    expect(await isSessionActive(subgraph.prisma, rotation.issued.session.id, grace.id)).toBe(false);
  });

  it("of two rotations racing with one token, one wins and the other revokes the family", async () => {
    const { refreshToken, session } = await createSession(subgraph.prisma, ada.id, DAY);
    const outcomes = await Promise.all([rotateSession(subgraph.prisma, refreshToken, DAY), rotateSession(subgraph.prisma, refreshToken, DAY)]);
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(["reused", "rotated"]);
    const open = await subgraph.prisma.session.count({ where: { family: session.family, revokedAt: null } });
    expect(open).toBe(0);
  });

  it("refuses an unknown or expired token without changing anything", async () => {
    expect((await rotateSession(subgraph.prisma, "not-a-token-we-issued", DAY)).outcome).toBe("refused");
    const expired = await createSession(subgraph.prisma, ada.id, -1);
    expect((await rotateSession(subgraph.prisma, expired.refreshToken, DAY)).outcome).toBe("refused");
    expect((await subgraph.prisma.session.findUnique({ where: { id: expired.session.id } }))?.revokedAt).toBeNull();
  });

  it("log-out by refresh token ends the family", async () => {
    const { refreshToken, session } = await createSession(subgraph.prisma, grace.id, DAY);
    expect(await revokeByRefreshToken(subgraph.prisma, refreshToken)).toBe(true);
    expect(await isSessionActive(subgraph.prisma, session.id, grace.id)).toBe(false);
    expect((await rotateSession(subgraph.prisma, refreshToken, DAY)).outcome).toBe("reused");
  });

  it("revokeAllSessions ends every open session of one account and no other's", async () => {
    const user = await subgraph.prisma.user.create({ data: { email: `revoke-${Date.now()}@example.com`, name: "Rev", passwordHash: "x" } });
    const mine = await Promise.all([createSession(subgraph.prisma, user.id, DAY), createSession(subgraph.prisma, user.id, DAY)]);
    const theirs = await createSession(subgraph.prisma, grace.id, DAY);
    expect(await revokeAllSessions(subgraph.prisma, user.id)).toBe(2);
    for (const { session } of mine) expect(await isSessionActive(subgraph.prisma, session.id, user.id)).toBe(false);
    expect(await isSessionActive(subgraph.prisma, theirs.session.id, grace.id)).toBe(true);
    expect((await rotateSession(subgraph.prisma, mine[0]!.refreshToken, DAY)).outcome).toBe("reused");
    expect(await revokeAllSessions(subgraph.prisma, user.id)).toBe(0);
  });

  it("prunes sessions expired more than a day ago, and only those", async () => {
    const old = await createSession(subgraph.prisma, grace.id, -2 * DAY);
    const recent = await createSession(subgraph.prisma, grace.id, -1000);
    expect(await pruneExpiredSessions(subgraph.prisma)).toBeGreaterThanOrEqual(1);
    expect(await subgraph.prisma.session.findUnique({ where: { id: old.session.id } })).toBeNull();
    expect(await subgraph.prisma.session.findUnique({ where: { id: recent.session.id } })).not.toBeNull();
  });

  it("deleting an account deletes its sessions", async () => {
    const user = await subgraph.prisma.user.create({ data: { email: `gone-${Date.now()}@example.com`, name: "Gone", passwordHash: "x" } });
    const { session, refreshToken } = await createSession(subgraph.prisma, user.id, DAY);
    await subgraph.prisma.user.delete({ where: { id: user.id } });
    expect(await isSessionActive(subgraph.prisma, session.id, user.id)).toBe(false);
    expect((await rotateSession(subgraph.prisma, refreshToken, DAY)).outcome).toBe("refused");
  });
});

describe("the router's session check", () => {
  it("answers only the session-check caller: the router's client credential (or a service's) gets FORBIDDEN", async () => {
    const { session } = await createSession(subgraph.prisma, ada.id, DAY);
    const variables = { id: session.id, userId: ada.id };
    const operation = { query: SESSION_CHECK_QUERY, variables };
    const checked = await callSubgraphAs(subgraph.url, config.serviceKeys, SESSION_CHECK_ISSUER, SESSION_CHECK_QUERY, variables, ada.id);
    expect(checked.data?._sessionActive).toBe(true);
    expect((await callSubgraph(subgraph.url, config.serviceKeys, SESSION_CHECK_QUERY, variables, ada.id)).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    // A service users does not list as a caller has no key here at all: its credential is refused outright.
    const asOrders = await signCredential(randomBytes(32).toString("base64url"), { issuer: "orders", userId: ada.id }, operation);
    expect((await postGraphQL(subgraph.url, SESSION_CHECK_QUERY, variables, { [CREDENTIAL_HEADER]: asOrders })).status).toBe(401);
  });
});
