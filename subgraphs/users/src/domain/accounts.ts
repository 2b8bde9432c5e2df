// Account rules: sign-up validation, log-in, and token issuance.
import { isUniqueViolation } from "@shop/shared/db-errors";
import { graphError } from "@shop/shared/errors";
import { signAccessToken } from "@shop/shared/user-token";
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

export interface AuthResult {
  token: string;
  user: User;
}

export async function signUp(prisma: PrismaClient, jwtSecret: string, passwords: PasswordHasher, raw: SignUpInput): Promise<AuthResult> {
  const input = validateSignUp(raw);
  const passwordHash = await passwords.hash(input.password);
  try {
    const user = await prisma.user.create({ data: { email: input.email, name: input.name, passwordHash } });
    return { token: await accessToken(jwtSecret, user), user };
  } catch (error) {
    // The unique index decides, so two sign-ups racing for one email cannot both win.
    if (isUniqueViolation(error)) {
      throw graphError("CONFLICT", "An account with this email already exists", { field: "email" });
    }
    throw error;
  }
}

export async function login(prisma: PrismaClient, jwtSecret: string, passwords: PasswordHasher, email: string, password: string): Promise<AuthResult> {
  const canonical = canonicalEmail(email);
  const user = canonical ? await prisma.user.findUnique({ where: { email: canonical } }) : null;
  const attempt = password.slice(0, PASSWORD_MAX_LENGTH);
  const valid = await passwords.verify(attempt, user?.passwordHash ?? DUMMY_HASH, canonical ?? "");
  if (!user || !valid) throw graphError("UNAUTHENTICATED", "Email or password is incorrect");
  // Best effort: a busy hasher or a failed write leaves the old hash, which still verifies; the next log-in retries.
  if (passwords.needsRehash(user.passwordHash)) await upgradeHash(prisma, passwords, user, attempt).catch(() => undefined);
  return { token: await accessToken(jwtSecret, user), user };
}

/**
 * Rehashes a password made with older parameters, now that the password is known to be right. Conditional on the
 * old hash, so a password change that happened meanwhile is never overwritten.
 */
async function upgradeHash(prisma: PrismaClient, passwords: PasswordHasher, user: User, password: string): Promise<void> {
  const passwordHash = await passwords.hash(password);
  await prisma.user.updateMany({ where: { id: user.id, passwordHash: user.passwordHash }, data: { passwordHash } });
}

/** The access token of `user`: their id and their scopes as they are now (a grant takes effect at the next token). */
export function accessToken(jwtSecret: string, user: User): Promise<string> {
  return signAccessToken(jwtSecret, { userId: user.id, scopes: user.scopes });
}
