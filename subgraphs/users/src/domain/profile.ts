// What an account holder changes about their own account: the display name and the password.
import { badUserInput, notFound } from "@shop/shared/errors";
import type { PrismaClient, User } from "../__generated__/prisma/client.ts";
import { cleanName } from "./account-fields.ts";
import type { PasswordHasher } from "./password-hasher.ts";
import { checkNewPassword, PASSWORD_MAX_LENGTH } from "./password-policy.ts";

export async function updateProfile(prisma: PrismaClient, userId: string, input: { name: string }): Promise<User> {
  const name = cleanName(input.name);
  const [user] = await prisma.user.updateManyAndReturn({ where: { id: userId }, data: { name } });
  if (!user) throw notFound("Account");
  return user;
}

export interface ChangePasswordInput {
  currentPassword: string;
  newPassword: string;
}

/**
 * Replaces the password once the current one is proven. The write is conditional on the hash that was verified,
 * so of two changes racing only the first wins and the second must prove the new password. Returns the account
 * as it is now; the caller issues the new token.
 */
export async function changePassword(prisma: PrismaClient, passwords: PasswordHasher, userId: string, input: ChangePasswordInput): Promise<User> {
  checkNewPassword(input.newPassword, "newPassword"); // cheap, so before the hash
  const user = await prisma.user.findUnique({ where: { id: userId } });
  if (!user) throw notFound("Account");
  if (!(await passwords.verify(input.currentPassword.slice(0, PASSWORD_MAX_LENGTH), user.passwordHash, user.email))) {
    throw badUserInput("The current password is not correct", "currentPassword");
  }
  const passwordHash = await passwords.hash(input.newPassword);
  // Sessions: a password change ends every session of the account; revoke them here, in one transaction with
  // this write, so no session outlives the password it was opened with.
  const [changed] = await prisma.user.updateManyAndReturn({ where: { id: userId, passwordHash: user.passwordHash }, data: { passwordHash } });
  if (!changed) throw badUserInput("The current password is not correct", "currentPassword");
  return changed;
}
