// End-user session tokens: issued by the users service at sign-up and log-in, verified once by the router.
import { jwtVerify, SignJWT } from "jose";

const ISSUER = "shop-users";
const AUDIENCE = "shop";

export async function signUserToken(secret: string, userId: string, ttl = "7d"): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(new TextEncoder().encode(secret));
}

/** The user id in a valid token; null for an invalid, expired or foreign token. */
export async function verifyUserToken(secret: string, token: string): Promise<string | null> {
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ["HS256"],
    });
    return typeof payload.sub === "string" ? payload.sub : null;
  } catch {
    return null;
  }
}
