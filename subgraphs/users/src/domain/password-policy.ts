// What a new password must be (sign-up and password change), after NIST SP 800-63B: long enough, not absurdly
// long (hashing cost), and not one of the passwords attackers try first. No composition rules.
import { graphError } from "@shop/shared/errors";
import { dictionary } from "@zxcvbn-ts/language-common";

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

/**
 * zxcvbn-ts's list of the most common passwords (about 49,000, from leaked password sets), compared after the
 * same NFKC normalisation the hash uses and lower-cased (`Password123` is as guessable as `password123`).
 */
const COMMON_PASSWORDS = new Set(dictionary["passwords-common"]?.map((password) => password.normalize("NFKC").toLowerCase()));

export function isCommonPassword(password: string): boolean {
  return COMMON_PASSWORDS.has(password.normalize("NFKC").toLowerCase());
}

/** Throws BAD_USER_INPUT on `field`, with `extensions.rule` naming the rule broken (`length`, `common`). */
export function checkNewPassword(password: string, field: string): void {
  const length = [...password.normalize("NFKC")].length;
  if (length < PASSWORD_MIN_LENGTH) {
    throw graphError("BAD_USER_INPUT", `Password must be at least ${PASSWORD_MIN_LENGTH} characters`, { field, rule: "length" });
  }
  if (length > PASSWORD_MAX_LENGTH) {
    throw graphError("BAD_USER_INPUT", `Password must be at most ${PASSWORD_MAX_LENGTH} characters`, { field, rule: "length" });
  }
  if (isCommonPassword(password)) {
    throw graphError("BAD_USER_INPUT", "This password is one of the most common ones, which attackers try first: choose another", { field, rule: "common" });
  }
}
