// What every peer gateway process reads from its environment, and the subgraph credential they all attach.
//
// The subgraphs answer only requests carrying the router credential (an HS256 JWT under SUBGRAPH_SECRET, see
// packages/shared/src/identity.ts), so each peer signs one per subgraph fetch, exactly as our router does.
// Only our router verifies the caller's bearer token; a peer marks a request that carries one as acting for
// BENCH_USER_ID (Ada), so that all gateways ask the subgraphs for the same work. Never do this outside a bench.
import { readFileSync } from "node:fs";
import { type BoundOperation, CREDENTIAL_HEADER, signCredential } from "@shop/shared/identity";

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
  benchUserId: required("BENCH_USER_ID"),
};

export { CREDENTIAL_HEADER };

/**
 * The credential for one subgraph fetch of a request that did (or did not) carry a bearer token, bound to the
 * operation it carries, exactly as our router binds it (subgraphs refuse unbound router credentials).
 */
export function peerCredential(authenticated: boolean, operation: BoundOperation): Promise<string> {
  return signCredential(peerEnv.subgraphSecret, { issuer: "router", userId: authenticated ? peerEnv.benchUserId : null }, operation);
}
