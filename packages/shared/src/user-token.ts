// End-user session tokens: issued by the users service at sign-up and log-in, verified by the router on every request.
import { createSigner, createVerifier } from "fast-jwt";
import { getOrCreate } from "./memo.ts";

const ISSUER = "shop-users";
const AUDIENCE = "shop";

type Sign = (payload: Record<string, unknown>) => string;
type Verify = (token: string) => Record<string, unknown>;
const signers = new Map<string, Sign>();
const verifiers = new Map<string, Verify>();

/** A session token for `userId`, valid for `ttl` (fast-jwt's time spans: "7d", "1h", or milliseconds). */
export async function signUserToken(secret: string, userId: string, ttl: string | number = "7d"): Promise<string> {
  const sign = getOrCreate(signers, `${ttl}\u0000${secret}`, () =>
    createSigner({ key: secret, algorithm: "HS256", iss: ISSUER, aud: AUDIENCE, expiresIn: ttl }),
  );
  return sign({ sub: userId });
}

/** The user id in a valid token; null for an invalid, expired or foreign token. */
export async function verifyUserToken(secret: string, token: string): Promise<string | null> {
  // A shopper sends the same token with every request for days: a verified token is remembered (LRU, keyed by a
  // hash of the token) for at most a minute and never past its expiry, so the router checks its HMAC once a
  // minute instead of on every request. HS256 only, our issuer and audience, an expiry required.
  const verify = getOrCreate(
    verifiers,
    secret,
    () =>
      createVerifier({ key: secret, algorithms: ["HS256"], allowedIss: ISSUER, allowedAud: AUDIENCE, requiredClaims: ["sub", "exp"], cache: 10_000, cacheTTL: 60_000 }) as Verify,
  );
  try {
    const payload = verify(token);
    return typeof payload.sub === "string" ? payload.sub : null;
  } catch {
    return null;
  }
}
