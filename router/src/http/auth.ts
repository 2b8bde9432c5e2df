// Authentication at the edge: the bearer token is verified once here, never by the subgraphs. With sessions on
// (SESSION_SUBGRAPH), the token must also name a session the users service still holds open (session/check.ts):
// a logged-out session, a rotated one, one revoked by a password change, or one of a deleted account is refused.
import type { Request } from "express";
import { GraphQLError } from "graphql";
import { verifyAccessToken } from "@shop/shared/user-token";
import type { SessionCheck } from "../session/check.ts";

/** Who a request speaks for: an anonymous caller has no user, no session and no scopes. */
export interface Authenticated {
  userId: string | null;
  sessionId: string | null;
  scopes: readonly string[];
}

const ANONYMOUS: Authenticated = { userId: null, sessionId: null, scopes: [] };

const invalidSession = () =>
  new GraphQLError("Your session is invalid or has expired; log in again", { extensions: { code: "UNAUTHENTICATED", http: { status: 401 } } });

/** The caller of the request's bearer token; anonymous without one. A bad or expired token is an error, not anonymity. */
export async function authenticate(req: Request, jwtSecret: string, sessions?: SessionCheck): Promise<Authenticated> {
  const header = req.header("authorization");
  if (!header) return ANONYMOUS;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  const claims = match ? await verifyAccessToken(jwtSecret, match[1]!) : null;
  if (!claims) throw invalidSession();
  if (sessions?.applies()) {
    // Every token the users service issues names its session; one that names none cannot be revoked, so it is refused.
    if (!claims.sessionId) throw invalidSession();
    let active: boolean;
    try {
      active = await sessions.isActive(claims.sessionId, claims.userId);
    } catch {
      throw new GraphQLError("Your session cannot be checked right now; try again shortly", {
        extensions: { code: "SERVICE_UNAVAILABLE", http: { status: 503 } },
      });
    }
    if (!active) throw invalidSession();
  }
  return claims;
}
