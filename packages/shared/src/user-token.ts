// Shoppers' access tokens: issued by the users service at sign-up and log-in, verified by the router on every request.
//
// A JWT, HS256 under JWT_SECRET: `iss` "shop-users", `aud` "shop", `sub` the user id, `sid` the session it belongs to
// (when the users service issued it for one), `scope` the user's scopes space-separated (absent when none: customers),
// `iat` and `exp`.
import { createSigner, createVerifier } from "fast-jwt";
import { parseScopes } from "./identity.ts";
import { getOrCreate } from "./memo.ts";

const ISSUER = "shop-users";
const AUDIENCE = "shop";

type Sign = (payload: Record<string, unknown>) => string;
type Verify = (token: string) => Record<string, unknown>;
const signers = new Map<string, Sign>();
const verifiers = new Map<string, Verify>();

/** Who an access token speaks for. */
export interface AccessClaims {
  userId: string;
  /** The session the token was issued for; null for a token of none. */
  sessionId: string | null;
  /** The user's scopes when the token was issued (empty for customers). */
  scopes: readonly string[];
}

/** An access token for `claims`, valid for `ttl` (fast-jwt's time spans: "7d", "15m", or milliseconds). */
export async function signAccessToken(secret: string, claims: Pick<AccessClaims, "userId"> & Partial<AccessClaims>, ttl: string | number = "7d"): Promise<string> {
  const sign = getOrCreate(signers, `${ttl}\u0000${secret}`, () =>
    createSigner({ key: secret, algorithm: "HS256", iss: ISSUER, aud: AUDIENCE, expiresIn: ttl }),
  );
  const payload: Record<string, unknown> = { sub: claims.userId };
  if (claims.sessionId) payload.sid = claims.sessionId;
  if (claims.scopes?.length) payload.scope = claims.scopes.join(" ");
  return sign(payload);
}

/** The claims of a valid token; null for an invalid, expired or foreign one. */
export async function verifyAccessToken(secret: string, token: string): Promise<AccessClaims | null> {
  // A shopper sends the same token with every request: a verified token is remembered (LRU, keyed by a hash of the
  // token) for at most a minute and never past its expiry, so the router checks its HMAC once a minute instead of on
  // every request. HS256 only, our issuer and audience, a subject and an expiry required.
  const verify = getOrCreate(
    verifiers,
    secret,
    () =>
      createVerifier({ key: secret, algorithms: ["HS256"], allowedIss: ISSUER, allowedAud: AUDIENCE, requiredClaims: ["sub", "exp"], cache: 10_000, cacheTTL: 60_000 }) as Verify,
  );
  try {
    const payload = verify(token);
    if (typeof payload.sub !== "string") return null;
    return { userId: payload.sub, sessionId: typeof payload.sid === "string" ? payload.sid : null, scopes: parseScopes(payload.scope) };
  } catch {
    return null;
  }
}
