// What every peer gateway process reads from its environment, and the subgraph credential they all attach.
//
// The subgraphs answer only requests carrying the router credential (an HS256 JWT under the key derived for that
// subgraph from the router's own key, itself derived from SUBGRAPH_SECRET: see packages/shared/src/identity.ts), so
// each peer signs one per subgraph fetch, exactly as our router does.
// Each peer also verifies the caller's bearer token with JWT_SECRET, as our router does once per request, so
// that the subgraphs see the same user and all gateways do the same authentication work.
import { readFileSync } from "node:fs";
import { type BoundOperation, CREDENTIAL_HEADER, credentialKey, ROUTER_ISSUER, signCredential } from "@shop/shared/identity";
import { signingKeyFromEnv } from "@shop/shared/service-keys";
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
  routerKey: signingKeyFromEnv(ROUTER_ISSUER, { SUBGRAPH_SECRET: required("SUBGRAPH_SECRET"), NODE_ENV: "production" }),
  jwtSecret: required("JWT_SECRET"),
};

/** Each subgraph's name by its URL, from the supergraph (a credential is signed with the key for its subgraph). */
const subgraphByUrl = new Map([...peerEnv.supergraphSdl.matchAll(/@join__graph\(name: "([^"]+)", url: "([^"]+)"\)/g)].map(([, name, url]) => [url!, name!]));

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
export function peerCredential(url: string, userId: string | null, operation: BoundOperation): Promise<string> {
  const subgraph = subgraphByUrl.get(url);
  if (!subgraph) throw new Error(`${url} is not a subgraph of the supergraph`);
  return signCredential(credentialKey(peerEnv.routerKey, ROUTER_ISSUER, subgraph), { issuer: ROUTER_ISSUER, userId }, operation);
}
