// The credential the router (or a service, for a workflow step) attaches to every subgraph request.
//
// It is a JWT signed with SUBGRAPH_SECRET (HS256) that lives 60 seconds: `iss` names the calling process,
// `aud` is "shop-subgraphs", `sub` is the end user's id when there is one, `scope` the end user's scopes
// (space-separated, as in the shopper's token) when they have any. Subgraphs trust identity only from a
// valid credential, so a header forged by a client is refused, and a stolen one is useless a minute later.
// The router also binds each credential to the operation it carries (`op`: a SHA-256 of the query, the
// operation name and the variables), so a captured header cannot be replayed with a different query or
// different variables even within its minute. A router credential without `op` is refused; service-to-service
// callers may bind theirs too (the third argument of signCredential).
import { createHash } from "node:crypto";
import { createSigner, createVerifier } from "fast-jwt";
import { getOrCreate } from "./memo.ts";

export const CREDENTIAL_HEADER = "x-shop-credential";
const AUDIENCE = "shop-subgraphs";
export const CREDENTIAL_TTL_SECONDS = 60;

/** Who is calling a subgraph: the process that signed the credential, and the end user it acts for. */
export interface Caller {
  /** "router", or the service that made a service-to-service call. */
  issuer: string;
  /** The authenticated end user, or null for an anonymous request. */
  userId: string | null;
  /**
   * The end user's scopes (e.g. `catalog:write`), as their token carried them; absent when they have none (every
   * customer, and anonymous callers). Check them with requireScope (service-caller.ts).
   */
  scopes?: readonly string[];
}

/** The parts of a GraphQL request body a credential can be bound to. */
export interface BoundOperation {
  query?: string | null;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

/** Issuer whose credentials must be bound to their operation. */
export const ROUTER_ISSUER = "router";
/** Issuer of the router's cache poller: the only caller an entity change feed answers (docs/change-feed.md). */
export const CACHE_FEED_ISSUER = "router-cache";

/** Digest of an operation as sent: the sender hashes what it serialises, the receiver what it parsed; JSON round-trips agree. */
export function operationDigest(operation: BoundOperation): string {
  const canonical = JSON.stringify([operation.query ?? null, operation.operationName ?? null, operation.variables ?? null]);
  return createHash("sha256").update(canonical).digest("base64url");
}

// fast-jwt rather than jose for this per-request credential: it signs and verifies with node:crypto's synchronous
// HMAC, where jose goes through WebCrypto (an async job on the thread pool): measured 11 µs per sign + verify
// against 95 µs, and jose was the router's largest package in the checkout profile. One signer and one verifier per secret.
type Sign = (payload: Record<string, unknown>) => string;
type Verify = (token: string) => Record<string, unknown>;
const signers = new Map<string, Sign>();
const verifiers = new Map<string, Verify>();

function signerFor(secret: string): Sign {
  return getOrCreate(signers, secret, () => createSigner({ key: secret, algorithm: "HS256", aud: AUDIENCE, expiresIn: CREDENTIAL_TTL_SECONDS * 1000 }));
}

function verifierFor(secret: string): Verify {
  // HS256 only (no "none", no algorithm chosen by the token), our audience, an issuer and an expiry required,
  // 5 s of clock skew; no cache: every credential is new (bound to its operation and signed per request).
  return getOrCreate(
    verifiers,
    secret,
    () => createVerifier({ key: secret, algorithms: ["HS256"], allowedAud: AUDIENCE, requiredClaims: ["iss", "exp"], clockTolerance: 5_000, cache: false }) as Verify,
  );
}

/** Signs a credential for `caller`, bound to `operation` when given (the router always gives it). */
export async function signCredential(secret: string, caller: Caller, operation?: BoundOperation): Promise<string> {
  const payload: Record<string, unknown> = { iss: caller.issuer };
  if (caller.userId) payload.sub = caller.userId;
  if (caller.scopes?.length) payload.scope = caller.scopes.join(" ");
  if (operation) payload.op = operationDigest(operation);
  return signerFor(secret)(payload);
}

/**
 * Returns the caller, or null when the credential is missing, forged, expired, meant for someone else, or
 * bound to another operation than `operation` (the request it arrived with).
 */
export async function verifyCredential(
  secret: string,
  token: string | undefined,
  operation?: BoundOperation,
): Promise<Caller | null> {
  if (!token) return null;
  try {
    const payload = verifierFor(secret)(token);
    if (typeof payload.iss !== "string") return null;
    if (operation) {
      if (payload.op === undefined ? payload.iss === ROUTER_ISSUER : payload.op !== operationDigest(operation)) return null;
    }
    const caller: Caller = { issuer: payload.iss, userId: typeof payload.sub === "string" ? payload.sub : null };
    const scopes = parseScopes(payload.scope);
    if (scopes.length) caller.scopes = scopes;
    return caller;
  } catch {
    return null;
  }
}

/** The scopes of a `scope` claim (space-separated, RFC 8693's form, which Apollo Router reads too); none for anything else. */
export function parseScopes(claim: unknown): string[] {
  return typeof claim === "string" ? claim.split(" ").filter(Boolean) : [];
}
