// Session rules (docs/security.md, sessions): a log-in opens a session; its short-lived access token carries the
// session's id (`sid`) and its refresh token goes to the router in a response header, which turns it into an
// HttpOnly cookie; refreshSession rotates it; reuse of a rotated token revokes the family; logout revokes it.
import { unauthenticated } from "@shop/shared/errors";
import type { Caller } from "@shop/shared/identity";
import { isUuid } from "@shop/shared/ids";
import { requireService } from "@shop/shared/service-caller";
import { encodeSessionGrant, REFRESH_TOKEN_HEADER, SESSION_CHECK_ISSUER, SESSION_GRANT_HEADER, SESSION_ID_HEADER } from "@shop/shared/session-transport";
import type { RequestHttp } from "@shop/shared/subgraph-server";
import { signAccessToken } from "@shop/shared/user-token";
import type { PrismaClient, User } from "../__generated__/prisma/client.ts";
import { createSession, type IssuedSession, isSessionActive, revokeById, revokeByRefreshToken, rotateSession } from "../db/sessions.ts";

/** What the session rules need of a request. */
export interface SessionRequest {
  prisma: PrismaClient;
  caller: Caller;
  http: RequestHttp;
  sessions: SessionSettings;
}

export interface SessionSettings {
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
}

export interface AuthResult {
  token: string;
  user: User;
}

/**
 * Opens a session for `user` (log-in, sign-up): an access token in the answer, the refresh token in the header. A
 * session this browser still had (its cookie) ends: its cookie is about to be replaced, so nobody should hold it.
 */
export async function openSession(request: SessionRequest, user: User): Promise<AuthResult> {
  const previous = request.http.header(REFRESH_TOKEN_HEADER);
  if (previous) await revokeByRefreshToken(request.prisma, previous);
  const issued = await createSession(request.prisma, user.id, request.sessions.refreshTokenTtlSeconds * 1000);
  return grant(request, user, issued);
}

/** Renews the access token from the refresh token the router forwarded from the cookie, rotating it. */
export async function refreshSession(request: SessionRequest): Promise<AuthResult> {
  const { prisma, http } = request;
  const presented = http.header(REFRESH_TOKEN_HEADER);
  const rotation = presented ? await rotateSession(prisma, presented, request.sessions.refreshTokenTtlSeconds * 1000) : { outcome: "refused" as const };
  if (rotation.outcome !== "rotated") {
    http.setHeader(SESSION_GRANT_HEADER, encodeSessionGrant({ clear: true }));
    throw unauthenticated("Your session has ended; log in again");
  }
  const user = await prisma.user.findUnique({ where: { id: rotation.issued.session.userId } });
  if (!user) throw unauthenticated("Your session has ended; log in again");
  return grant(request, user, rotation.issued);
}

/**
 * Ends the caller's session: the family of the cookie's refresh token, else of the access token's session (API
 * clients). Always asks the router to clear the cookie. True when a session was open.
 */
export async function logout(request: SessionRequest): Promise<boolean> {
  const { prisma, http, caller } = request;
  const presented = http.header(REFRESH_TOKEN_HEADER);
  const sessionId = http.header(SESSION_ID_HEADER);
  http.setHeader(SESSION_GRANT_HEADER, encodeSessionGrant({ clear: true }));
  if (presented && (await revokeByRefreshToken(prisma, presented))) return true;
  return sessionId && isUuid(sessionId) && caller.userId ? revokeById(prisma, sessionId, caller.userId.toLowerCase()) : false;
}

/** The router's question for each access token (cached briefly there): is its session still open? */
export function sessionActive(request: Pick<SessionRequest, "prisma" | "caller">, id: string, userId: string): Promise<boolean> {
  requireService(request.caller, SESSION_CHECK_ISSUER);
  if (!isUuid(id) || !isUuid(userId)) return Promise.resolve(false);
  return isSessionActive(request.prisma, id.toLowerCase(), userId.toLowerCase());
}

async function grant(request: SessionRequest, user: User, issued: IssuedSession): Promise<AuthResult> {
  const { session, refreshToken } = issued;
  request.http.setHeader(SESSION_GRANT_HEADER, encodeSessionGrant({ refreshToken, expiresAt: session.expiresAt, sessionId: session.id, userId: user.id }));
  const token = await signAccessToken(request.sessions.jwtSecret, { userId: user.id, sessionId: session.id, scopes: user.scopes }, request.sessions.accessTokenTtlSeconds * 1000);
  return { token, user };
}
