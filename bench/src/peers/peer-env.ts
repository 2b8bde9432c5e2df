// What every peer gateway process reads from its environment, and the subgraph credential they all attach.
//
// The subgraphs answer only requests carrying the router credential (an HS256 JWT under SUBGRAPH_SECRET, see
// packages/shared/src/identity.ts), so each peer signs one per subgraph fetch, exactly as our router does.
// Each peer also verifies the caller's bearer token with JWT_SECRET, as our router does once per request, so
// that the subgraphs see the same user and all gateways do the same authentication work.
import { readFileSync } from "node:fs";
import { type BoundOperation, CREDENTIAL_HEADER, signCredential } from "@shop/shared/identity";
import { verifyAccessToken } from "@shop/shared/user-token";

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

export const peerEnv = {
  port: Number(required("PORT")),
  host: process.env.HOST ?? "127.0.0.1",
  supergraphSdl: readFileSync(required("SUPERGRAPH_FILE"), "utf8"),
  subgraphSecret: required("SUBGRAPH_SECRET"),
  jwtSecret: required("JWT_SECRET"),
};

export { CREDENTIAL_HEADER };

/**
 * The user id of an Authorization header's bearer token; null without a header or with an invalid token. The peers
 * forward the user only, not staff scopes: the bench's shoppers are customers.
 */
export async function userOf(authorization: string | null | undefined): Promise<string | null> {
  const match = authorization ? /^Bearer\s+(\S+)$/i.exec(authorization) : null;
  return match ? ((await verifyAccessToken(peerEnv.jwtSecret, match[1]!))?.userId ?? null) : null;
}

/**
 * The credential for one subgraph fetch on behalf of `userId`, bound to the operation it carries, exactly as
 * our router binds it (subgraphs refuse unbound router credentials).
 */
export function peerCredential(userId: string | null, operation: BoundOperation): Promise<string> {
  return signCredential(peerEnv.subgraphSecret, { issuer: "router", userId }, operation);
}
