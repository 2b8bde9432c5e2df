// Account rules: sign-up validation and log-in (the session and its tokens: sessions.ts).
import { isUniqueViolation } from "@shop/shared/db-errors";
import { badUserInput, graphError } from "@shop/shared/errors";
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

/** Creates the account; the caller opens its session. */
export async function signUp(prisma: PrismaClient, raw: SignUpInput): Promise<User> {
  const input = validateSignUp(raw);
  const passwordHash = await hashPassword(input.password);
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

/** The account `email` and `password` belong to; UNAUTHENTICATED when they do not match one. */
export async function login(prisma: PrismaClient, email: string, password: string): Promise<User> {
  const user = await prisma.user.findUnique({ where: { email: normalizeEmail(email) } });
  const valid = await verifyPassword(password.slice(0, 200), user?.passwordHash ?? DUMMY_HASH);
  if (!user || !valid) throw graphError("UNAUTHENTICATED", "Email or password is incorrect");
  return user;
}
