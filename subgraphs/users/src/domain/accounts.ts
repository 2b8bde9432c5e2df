// Account rules: sign-up validation, log-in, and token issuance.
import { isUniqueViolation } from "@shop/shared/db-errors";
import { badUserInput, graphError } from "@shop/shared/errors";
import { signAccessToken } from "@shop/shared/user-token";
import type { PrismaClient, User } from "../__generated__/prisma/client.ts";
import { DUMMY_HASH, hashPassword, verifyPassword } from "./password.ts";

export interface SignUpInput {
  email: string;
  name: string;
  password: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Checks sign-up fields; throws BAD_USER_INPUT naming the first bad field. */
export function validateSignUp(input: SignUpInput): SignUpInput {
  const email = normalizeEmail(input.email);
  const name = input.name.trim();
  if (email.length > 254 || !EMAIL.test(email)) throw badUserInput("Enter a valid email address", "email");
  if (name.length < 1 || name.length > 100) throw badUserInput("Name must be 1 to 100 characters", "name");
  if (input.password.length < 8) throw badUserInput("Password must be at least 8 characters", "password");
  if (input.password.length > 200) throw badUserInput("Password must be at most 200 characters", "password");
  return { email, name, password: input.password };
}

export interface AuthResult {
  token: string;
  user: User;
}

export async function signUp(prisma: PrismaClient, jwtSecret: string, raw: SignUpInput): Promise<AuthResult> {
  const input = validateSignUp(raw);
  const passwordHash = await hashPassword(input.password);
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

export async function login(prisma: PrismaClient, jwtSecret: string, email: string, password: string): Promise<AuthResult> {
  const user = await prisma.user.findUnique({ where: { email: normalizeEmail(email) } });
  const valid = await verifyPassword(password.slice(0, 200), user?.passwordHash ?? DUMMY_HASH);
  if (!user || !valid) throw graphError("UNAUTHENTICATED", "Email or password is incorrect");
  return { token: await accessToken(jwtSecret, user), user };
}

/** The access token of `user`: their id and their scopes as they are now (a grant takes effect at the next token). */
function accessToken(jwtSecret: string, user: User): Promise<string> {
  return signAccessToken(jwtSecret, { userId: user.id, scopes: user.scopes });
}
