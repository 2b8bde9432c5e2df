// Idempotency keys for the checkout. One key per checkout attempt (the same cart contents), kept in
// sessionStorage so a double click, a retry after a network failure or a reload never places a second order;
// a changed cart is a new attempt with a new key (the server refuses an old key with a different payload).
const CHECKOUT_STORAGE_KEY = "shop.checkout-attempt.v1";

/** A random UUID v4; crypto.randomUUID exists only on secure origins, getRandomValues everywhere. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

interface StoredAttempt {
  fingerprint: string;
  key: string;
}

function read(storage: Storage): StoredAttempt | null {
  try {
    const parsed = JSON.parse(storage.getItem(CHECKOUT_STORAGE_KEY) ?? "null") as Partial<StoredAttempt> | null;
    return parsed && typeof parsed.fingerprint === "string" && typeof parsed.key === "string"
      ? { fingerprint: parsed.fingerprint, key: parsed.key }
      : null;
  } catch {
    return null;
  }
}

/** The placeOrder key for this cart: the stored one while the cart is unchanged, a new one otherwise. */
export function checkoutAttemptKey(fingerprint: string, storage: Storage = window.sessionStorage): string {
  const stored = read(storage);
  if (stored?.fingerprint === fingerprint) return stored.key;
  const attempt: StoredAttempt = { fingerprint, key: newIdempotencyKey() };
  try {
    storage.setItem(CHECKOUT_STORAGE_KEY, JSON.stringify(attempt));
  } catch {
    /* storage disabled: the key still covers this page's retries and double clicks */
  }
  return attempt.key;
}

/** Forgets the attempt once its order exists: the next checkout is a new attempt. */
export function finishCheckoutAttempt(storage: Storage = window.sessionStorage): void {
  try {
    storage.removeItem(CHECKOUT_STORAGE_KEY);
  } catch {
    /* nothing stored */
  }
}
