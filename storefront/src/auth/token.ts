// The shopper's bearer token, kept in localStorage so a reload or a new tab stays logged in.
export const TOKEN_STORAGE_KEY = "shop.token";

export function readToken(): string | null {
  try {
    return window.localStorage.getItem(TOKEN_STORAGE_KEY);
  } catch {
    return null;
  }
}

export function writeToken(token: string | null): void {
  try {
    if (token) window.localStorage.setItem(TOKEN_STORAGE_KEY, token);
    else window.localStorage.removeItem(TOKEN_STORAGE_KEY);
  } catch {
    /* storage disabled: the session lasts as long as the page */
  }
}

/** Fired on window when the router refused the stored token, so the app shows the shopper as logged out. */
export const TOKEN_REJECTED_EVENT = "shop:token-rejected";
