// Persistence of sessions (prisma/users/schema.prisma, model Session): issue, rotate, revoke, check. Refresh tokens
// are 32 random bytes; only their SHA-256 is stored (a stolen database yields no usable token, and 256 random bits
// need no salt or slow hash).
import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { PrismaClient, Session } from "../__generated__/prisma/client.ts";

/** A session and the refresh token that continues it (given to the client once, never stored). */
export interface IssuedSession {
  session: Session;
  refreshToken: string;
}

/** What presenting a refresh token led to. */
export type Rotation =
  | { outcome: "rotated"; issued: IssuedSession }
  /** Unknown token, or its session expired: nothing changed. */
  | { outcome: "refused" }
  /** A token already rotated (or revoked) came back: someone holds a copy, so its whole family was revoked. */
  | { outcome: "reused"; family: string };

export function hashRefreshToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

function newRefreshToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashRefreshToken(token) };
}

/** Opens a session for `userId` (a log-in): the first of a new family. */
export async function createSession(prisma: PrismaClient, userId: string, ttlMs: number): Promise<IssuedSession> {
  const id = randomUUID();
  const { token, hash } = newRefreshToken();
  const session = await prisma.session.create({ data: { id, userId, family: id, refreshHash: hash, expiresAt: new Date(Date.now() + ttlMs) } });
  return { session, refreshToken: token };
}

/**
 * Exchanges `refreshToken` for a new session of the same family. The old row is claimed by one conditional UPDATE
 * (still open, still this hash), so of two requests racing with one token only one rotates; the other, like any
 * later replay, counts as reuse and revokes the family. A crash between the claim and the insert leaves the family
 * closed (the user logs in again), never two live tokens.
 */
export async function rotateSession(prisma: PrismaClient, refreshToken: string, ttlMs: number): Promise<Rotation> {
  const hash = hashRefreshToken(refreshToken);
  const current = await prisma.session.findUnique({ where: { refreshHash: hash } });
  if (!current) return { outcome: "refused" };
  const now = new Date();
  if (current.revokedAt) {
    await revokeFamily(prisma, current.family);
    return { outcome: "reused", family: current.family };
  }
  if (current.expiresAt <= now) return { outcome: "refused" };
  const claimed = await prisma.session.updateMany({ where: { id: current.id, revokedAt: null, refreshHash: hash }, data: { revokedAt: now } });
  if (claimed.count === 0) {
    await revokeFamily(prisma, current.family);
    return { outcome: "reused", family: current.family };
  }
  const next = newRefreshToken();
  const session = await prisma.session.create({
    data: { userId: current.userId, family: current.family, refreshHash: next.hash, expiresAt: new Date(now.getTime() + ttlMs) },
  });
  return { outcome: "rotated", issued: { session, refreshToken: next.token } };
}

/** Ends every open session of `family` (reuse detected, or the family logged out). */
export async function revokeFamily(prisma: PrismaClient, family: string): Promise<number> {
  const { count } = await prisma.session.updateMany({ where: { family, revokedAt: null }, data: { revokedAt: new Date() } });
  return count;
}

/** Ends the family of the session `refreshToken` belongs to (log-out from the browser); false for an unknown token. */
export async function revokeByRefreshToken(prisma: PrismaClient, refreshToken: string): Promise<boolean> {
  const session = await prisma.session.findUnique({ where: { refreshHash: hashRefreshToken(refreshToken) }, select: { family: true } });
  if (!session) return false;
  await revokeFamily(prisma, session.family);
  return true;
}

/** Ends the family of session `id` if it belongs to `userId` (log-out with only an access token). */
export async function revokeById(prisma: PrismaClient, id: string, userId: string): Promise<boolean> {
  const session = await prisma.session.findFirst({ where: { id, userId }, select: { family: true } });
  if (!session) return false;
  await revokeFamily(prisma, session.family);
  return true;
}

/**
 * Ends every open session of `userId`: called when the password changes (or an administrator locks the account), so
 * whoever knew the old password loses the sessions they opened with it. Returns how many were open.
 */
export async function revokeAllSessions(prisma: Pick<PrismaClient, "session">, userId: string): Promise<number> {
  const { count } = await prisma.session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
  return count;
}

/** True when session `id` of `userId` is open and unexpired (its user, deleted, takes its sessions along). */
export async function isSessionActive(prisma: PrismaClient, id: string, userId: string): Promise<boolean> {
  const found = await prisma.session.findFirst({ where: { id, userId, revokedAt: null, expiresAt: { gt: new Date() } }, select: { id: true } });
  return found !== null;
}

/**
 * Deletes sessions that expired more than a day ago (rotation leaves one closed row per refresh). An expired row
 * is useless to a thief too: its token is refused as unknown, and the rest of its family expired no later.
 */
export async function pruneExpiredSessions(prisma: PrismaClient): Promise<number> {
  const { count } = await prisma.session.deleteMany({ where: { expiresAt: { lt: new Date(Date.now() - 86_400_000) } } });
  return count;
}
