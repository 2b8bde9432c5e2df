// The shopper's access token, kept in memory only: never in localStorage, where any script injected into the page
// could read it and keep using it. A reload or a new tab gets a fresh one from the session cookie (HttpOnly, so no
// script can read that either) through refreshSession: see session.ts.
let current: string | null = null;
const listeners = new Set<() => void>();

export function readToken(): string | null {
  return current;
}

export function writeToken(token: string | null): void {
  if (token === current) return;
  current = token;
  for (const listener of listeners) listener();
}

/** Calls `listener` whenever the token changes; returns the unsubscribe function. */
export function onTokenChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Seconds until `token` expires (its `exp` claim), or 0 when it cannot be read. */
export function secondsLeft(token: string, now = Date.now()): number {
  try {
    const payload = JSON.parse(atob(token.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/"))) as { exp?: unknown };
    return typeof payload.exp === "number" ? Math.max(0, payload.exp - now / 1000) : 0;
  } catch {
    return 0;
  }
}

/** Fired on window when the router refused the access token, so the session is renewed from the cookie or ended. */
export const TOKEN_REJECTED_EVENT = "shop:token-rejected";
