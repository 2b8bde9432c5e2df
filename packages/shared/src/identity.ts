// The credential the router (or a service, for a workflow step) attaches to every subgraph request.
//
// It is a JWT (HS256) that lives 60 seconds: `iss` names the calling process, `aud` is "shop-subgraphs", `sub` is
// the end user's id when there is one, `scope` the end user's scopes (space-separated, as in the shopper's token)
// when they have any, and `op` binds it to the operation it carries (a SHA-256 of the query, the operation name and
// the variables), so a captured header cannot be replayed with another query or other variables even within its
// minute. Every credential is bound, the router's and the services' alike; one without `op` is refused.
//
// Zero trust between services (docs/security.md, "Between services"): each process signs with its OWN key, and
// never with that key itself but with a key derived from it for one (issuer, receiver) pair (credentialKey). A
// receiver holds only the pair keys of the callers it accepts, for itself: a compromised products process can
// forge nothing that orders or payments would accept, and a leaked orders key signs only as orders. Which fields
// each caller may use is the receiver's allow-list (service-caller.ts).
import { createHash, createHmac, hkdfSync } from "node:crypto";
import { createDecoder, createSigner, createVerifier } from "fast-jwt";
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

/** The router's issuer: public fields only. */
export const ROUTER_ISSUER = "router";
/** Issuer of the router's cache poller: the only caller an entity change feed answers (docs/change-feed.md). */
export const CACHE_FEED_ISSUER = "router-cache";
/** Issuer of the router's session checks: the only caller `_sessionActive` answers (docs/security.md, sessions). */
export const SESSION_CHECK_ISSUER = "router-session";
/** Every issuer the router process signs as. */
export const ROUTER_ISSUERS = [ROUTER_ISSUER, CACHE_FEED_ISSUER, SESSION_CHECK_ISSUER] as const;

/** The process whose own key signs as `issuer`: the router's cache poller and session checks run inside the router. */
export function signingProcessOf(issuer: string): string {
  // The router signs under a few issuers of its own (its cache poller, its session checks: "router-<role>").
  return issuer.startsWith(`${ROUTER_ISSUER}-`) ? ROUTER_ISSUER : issuer;
}

/**
 * A process's own key derived from one SUBGRAPH_SECRET (HKDF-SHA256, the process's name as info): what `pnpm start`
 * gives each process it launches, and what a process started with SUBGRAPH_SECRET alone (tests) derives itself. A
 * real deployment gives each service its own random key instead (docs/security.md).
 */
export function deriveServiceKey(master: string, process: string): string {
  return Buffer.from(hkdfSync("sha256", master, "shop-service-key", process, 32)).toString("base64url");
}

const credentialKeys = new Map<string, string>();

/**
 * The key `issuer` signs its credentials to `receiver` with: an HMAC of the pair under the signing process's own key.
 * The receiver is configured with this derived key only, never with the caller's own key, so holding it lets the
 * receiver check credentials addressed to itself and forge nothing another service would accept.
 */
export function credentialKey(processKey: string, issuer: string, receiver: string): string {
  return getOrCreate(credentialKeys, `${processKey}\0${issuer}\0${receiver}`, () =>
    createHmac("sha256", processKey).update(`shop-credential\0${issuer}\0${receiver}`).digest("base64url"),
  );
}

/** The keys a receiver checks its callers' credentials with, by issuer (credentialKey(callerKey, issuer, receiver)). */
export type TrustedKeys = Readonly<Record<string, string>>;

/** Digest of an operation as sent: the sender hashes what it serialises, the receiver what it parsed; JSON round-trips agree. */
export function operationDigest(operation: BoundOperation): string {
  const canonical = JSON.stringify([operation.query ?? null, operation.operationName ?? null, operation.variables ?? null]);
  return createHash("sha256").update(canonical).digest("base64url");
}

// HMAC (HS256 through fast-jwt, node:crypto's synchronous HMAC) with a key per (issuer, receiver) pair rather than
// Ed25519 with public keys: both keep a receiver from forging its callers' credentials, but measured on this
// machine EdDSA cost 41 µs to sign and 88 µs to verify against 9 µs and 6 µs for HS256, and the router signs one
// credential per subgraph fetch (jose, through WebCrypto, took 95 µs for an HS256 sign + verify). One signer and
// one verifier per key.
type Sign = (payload: Record<string, unknown>) => string;
type Verify = (token: string) => Record<string, unknown>;
const signers = new Map<string, Sign>();
const verifiers = new Map<string, Verify>();
const decode = createDecoder() as (token: string) => Record<string, unknown>;

function signerFor(key: string): Sign {
  return getOrCreate(signers, key, () => createSigner({ key, algorithm: "HS256", aud: AUDIENCE, expiresIn: CREDENTIAL_TTL_SECONDS * 1000 }));
}

function verifierFor(key: string): Verify {
  // HS256 only (no "none", no algorithm chosen by the token), our audience, an issuer, an expiry and an operation
  // required, 5 s of clock skew; no cache: every credential is new (bound to its operation and signed per request).
  return getOrCreate(
    verifiers,
    key,
    () =>
      createVerifier({ key, algorithms: ["HS256"], allowedAud: AUDIENCE, requiredClaims: ["iss", "exp", "op"], clockTolerance: 5_000, cache: false }) as Verify,
  );
}

/** Signs a credential for `caller` bound to `operation`, with `key`: credentialKey(own key, caller.issuer, receiver). */
export async function signCredential(key: string, caller: Caller, operation: BoundOperation): Promise<string> {
  const payload: Record<string, unknown> = { iss: caller.issuer, op: operationDigest(operation) };
  if (caller.userId) payload.sub = caller.userId;
  if (caller.scopes?.length) payload.scope = caller.scopes.join(" ");
  return signerFor(key)(payload);
}

/**
 * Returns the caller, or null when the credential is missing, forged, expired, meant for someone else, signed by an
 * issuer `trusted` has no key for (or with another issuer's key), or bound to another operation than `operation`
 * (the request it arrived with).
 */
export async function verifyCredential(trusted: TrustedKeys, token: string | undefined, operation: BoundOperation): Promise<Caller | null> {
  if (!token) return null;
  try {
    // The issuer picks the key; the signature under that key then proves the issuer.
    const claimed = decode(token).iss;
    if (typeof claimed !== "string" || !Object.hasOwn(trusted, claimed)) return null;
    const key = trusted[claimed];
    if (!key) return null;
    const payload = verifierFor(key)(token);
    if (payload.iss !== claimed || payload.op !== operationDigest(operation)) return null;
    const caller: Caller = { issuer: claimed, userId: typeof payload.sub === "string" ? payload.sub : null };
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
