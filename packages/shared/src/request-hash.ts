// Idempotency: a stable fingerprint of a request, so the same key with another payload can be told apart.
import { createHash } from "node:crypto";
import { badUserInput } from "./errors.ts";

export const MIN_IDEMPOTENCY_KEY_LENGTH = 8;
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/** The key as sent (keys are compared exactly); BAD_USER_INPUT when too short, too long or not printable. */
export function requireIdempotencyKey(key: string): string {
  if (key.length < MIN_IDEMPOTENCY_KEY_LENGTH || key.length > MAX_IDEMPOTENCY_KEY_LENGTH || !/^[\x21-\x7e]+$/.test(key)) {
    throw badUserInput(
      `idempotencyKey must be ${MIN_IDEMPOTENCY_KEY_LENGTH} to ${MAX_IDEMPOTENCY_KEY_LENGTH} printable characters without spaces (a UUID works)`,
      "idempotencyKey",
    );
  }
  return key;
}

/** SHA-256 of the JSON of `value`; callers pass a normalised value (sorted lines, lower-cased ids). */
export function requestHash(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("hex");
}
