// Authentication at the edge: the bearer token is verified once here, never by the subgraphs.
import type { Request } from "express";
import { GraphQLError } from "graphql";
import { verifyAccessToken } from "@shop/shared/user-token";

/** Who a request speaks for: an anonymous caller has no user, no session and no scopes. */
export interface Authenticated {
  userId: string | null;
  sessionId: string | null;
  scopes: readonly string[];
}

const ANONYMOUS: Authenticated = { userId: null, sessionId: null, scopes: [] };

/** The caller of the request's bearer token; anonymous without one. A bad or expired token is an error, not anonymity. */
export async function authenticate(req: Request, jwtSecret: string): Promise<Authenticated> {
  const header = req.header("authorization");
  if (!header) return ANONYMOUS;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  const claims = match ? await verifyAccessToken(jwtSecret, match[1]!) : null;
  if (!claims) {
    throw new GraphQLError("Your session is invalid or has expired; log in again", {
      extensions: { code: "UNAUTHENTICATED", http: { status: 401 } },
    });
  }
  return claims;
}
