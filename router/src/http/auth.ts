// Authentication at the edge: the bearer token is verified once here, never by the subgraphs.
import type { Request } from "express";
import { GraphQLError } from "graphql";
import { verifyUserToken } from "@shop/shared/user-token";

/** The user id of the request's bearer token; null without one. A bad or expired token is an error, not anonymity. */
export async function authenticate(req: Request, jwtSecret: string): Promise<string | null> {
  const header = req.header("authorization");
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  const userId = match ? await verifyUserToken(jwtSecret, match[1]!) : null;
  if (!userId) {
    throw new GraphQLError("Your session is invalid or has expired; log in again", {
      extensions: { code: "UNAUTHENTICATED", http: { status: 401 } },
    });
  }
  return userId;
}
