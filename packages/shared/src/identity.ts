// The credential the router (or a service, for a workflow step) attaches to every subgraph request.
//
// It is a JWT signed with SUBGRAPH_SECRET (HS256) that lives 60 seconds: `iss` names the calling process,
// `aud` is "shop-subgraphs", `sub` is the end user's id when there is one. Subgraphs trust identity only from a
// valid credential, so a header forged by a client is refused, and a stolen one is useless a minute later.
import { jwtVerify, SignJWT } from "jose";

export const CREDENTIAL_HEADER = "x-shop-credential";
const AUDIENCE = "shop-subgraphs";
export const CREDENTIAL_TTL_SECONDS = 60;

/** Who is calling a subgraph: the process that signed the credential, and the end user it acts for. */
export interface Caller {
  /** "router", or the service that made a service-to-service call. */
  issuer: string;
  /** The authenticated end user, or null for an anonymous request. */
  userId: string | null;
}

const keys = new Map<string, Uint8Array>();
function key(secret: string): Uint8Array {
  let value = keys.get(secret);
  if (!value) {
    value = new TextEncoder().encode(secret);
    keys.set(secret, value);
  }
  return value;
}

export async function signCredential(secret: string, caller: Caller): Promise<string> {
  const jwt = new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setIssuer(caller.issuer).setAudience(AUDIENCE).setIssuedAt();
  if (caller.userId) jwt.setSubject(caller.userId);
  return jwt.setExpirationTime(`${CREDENTIAL_TTL_SECONDS}s`).sign(key(secret));
}

/** Returns the caller, or null when the credential is missing, forged, expired or meant for someone else. */
export async function verifyCredential(secret: string, token: string | undefined): Promise<Caller | null> {
  if (!token) return null;
  try {
    const { payload } = await jwtVerify(token, key(secret), { audience: AUDIENCE, algorithms: ["HS256"], clockTolerance: 5 });
    if (typeof payload.iss !== "string") return null;
    return { issuer: payload.iss, userId: typeof payload.sub === "string" ? payload.sub : null };
  } catch {
    return null;
  }
}
