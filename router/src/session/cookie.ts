// The session cookie: the refresh token the users service issued, kept by the browser where scripts cannot read it.
//
// HttpOnly (no script, so no XSS, reads it), Secure outside local development (SESSION_COOKIE_SECURE), and then named
// with the `__Host-` prefix (the browser accepts it only with Secure, Path=/ and no Domain: no subdomain can plant or
// overwrite it). SameSite=Strict: the storefront calls the router through its own origin (Vite proxies /graphql), so
// every legitimate request carrying the cookie is same-site; Strict keeps it off every request another site starts,
// which also makes refreshSession and logout useless to a cross-site forger (Lax would still send it on top-level
// GET navigations, which the router does not need). The cookie lives as long as the session it continues.
import { parse, serialize } from "cookie";
import type { SessionGrant } from "@shop/shared/session-transport";

export interface SessionCookieOptions {
  secure: boolean;
}

export function sessionCookieName({ secure }: SessionCookieOptions): string {
  return secure ? "__Host-shop_session" : "shop_session";
}

/** The refresh token of the request's cookie header; null without one. */
export function readSessionCookie(header: string | undefined, options: SessionCookieOptions): string | null {
  if (!header) return null;
  return parse(header)[sessionCookieName(options)] ?? null;
}

/** The Set-Cookie value that stores `grant` (or clears the cookie). */
export function sessionSetCookie(grant: SessionGrant, options: SessionCookieOptions): string {
  const attributes = { httpOnly: true, secure: options.secure, sameSite: "strict", path: "/" } as const;
  if ("clear" in grant) return serialize(sessionCookieName(options), "", { ...attributes, maxAge: 0, expires: new Date(0) });
  const maxAge = Math.max(0, Math.floor((grant.expiresAt.getTime() - Date.now()) / 1000));
  return serialize(sessionCookieName(options), grant.refreshToken, { ...attributes, maxAge, expires: grant.expiresAt });
}
