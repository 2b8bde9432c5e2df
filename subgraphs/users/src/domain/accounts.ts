// Account rules: sign-up validation and log-in (the session and its tokens: sessions.ts).
import { isUniqueViolation } from "@shop/shared/db-errors";
import { graphError } from "@shop/shared/errors";
import type { PrismaClient, User } from "../__generated__/prisma/client.ts";
import { canonicalEmail, cleanEmail, cleanName } from "./account-fields.ts";
import { DUMMY_HASH } from "./password.ts";
import type { PasswordHasher } from "./password-hasher.ts";
import { checkNewPassword, PASSWORD_MAX_LENGTH } from "./password-policy.ts";

export interface SignUpInput {
  email: string;
  name: string;
  password: string;
}

/** Checks sign-up fields; throws BAD_USER_INPUT naming the first bad field (and, for the password, the rule). */
export function validateSignUp(input: SignUpInput): SignUpInput {
  const email = cleanEmail(input.email);
  const name = cleanName(input.name);
  checkNewPassword(input.password, "password");
  return { email, name, password: input.password };
}

/** Creates the account; the caller opens its session. */
export async function signUp(prisma: PrismaClient, passwords: PasswordHasher, raw: SignUpInput): Promise<User> {
  const input = validateSignUp(raw);
  const passwordHash = await passwords.hash(input.password);
  try {
    return await prisma.user.create({ data: { email: input.email, name: input.name, passwordHash } });
  } catch (error) {
    // The unique index decides, so two sign-ups racing for one email cannot both win.
    if (isUniqueViolation(error)) {
      throw graphError("CONFLICT", "An account with this email already exists", { field: "email" });
    }
    throw error;
  }
}

/** The account `email` and `password` belong to; UNAUTHENTICATED when they do not match one. The caller opens its session. */
export async function login(prisma: PrismaClient, passwords: PasswordHasher, email: string, password: string): Promise<User> {
  const canonical = canonicalEmail(email);
  const user = canonical ? await prisma.user.findUnique({ where: { email: canonical } }) : null;
  const attempt = password.slice(0, PASSWORD_MAX_LENGTH);
  const valid = await passwords.verify(attempt, user?.passwordHash ?? DUMMY_HASH, canonical ?? "");
  if (!user || !valid) throw graphError("UNAUTHENTICATED", "Email or password is incorrect");
  // Best effort: a busy hasher or a failed write leaves the old hash, which still verifies; the next log-in retries.
  if (passwords.needsRehash(user.passwordHash)) await upgradeHash(prisma, passwords, user, attempt).catch(() => undefined);
  return user;
}

/**
 * Rehashes a password made with older parameters, now that the password is known to be right. Conditional on the
 * old hash, so a password change that happened meanwhile is never overwritten.
 */
async function upgradeHash(prisma: PrismaClient, passwords: PasswordHasher, user: User, password: string): Promise<void> {
  const passwordHash = await passwords.hash(password);
  await prisma.user.updateMany({ where: { id: user.id, passwordHash: user.passwordHash }, data: { passwordHash } });
}
