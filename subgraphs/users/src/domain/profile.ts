// What an account holder changes about their own account: the display name and the password.
import { badUserInput, notFound } from "@shop/shared/errors";
import type { PrismaClient, User } from "../__generated__/prisma/client.ts";
import { revokeAllSessions } from "../db/sessions.ts";
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
 * so of two changes racing only the first wins and the second must prove the new password. Every session of the
 * account ends. Returns the account as it is now; the caller opens the changer's new session.
 */
export async function changePassword(prisma: PrismaClient, passwords: PasswordHasher, userId: string, input: ChangePasswordInput): Promise<User> {
  checkNewPassword(input.newPassword, "newPassword"); // cheap, so before the hash
  const user = await prisma.user.findUnique({ where: { id: userId } });
  if (!user) throw notFound("Account");
  if (!(await passwords.verify(input.currentPassword.slice(0, PASSWORD_MAX_LENGTH), user.passwordHash, user.email))) {
    throw badUserInput("The current password is not correct", "currentPassword");
  }
  const passwordHash = await passwords.hash(input.newPassword);
  // A password change ends every session of the account, in one transaction with the write, so no session outlives
  // the password it was opened with (the caller then opens a new one for the changer).
  const changed = await prisma.$transaction(async (tx) => {
    const [row] = await tx.user.updateManyAndReturn({ where: { id: userId, passwordHash: user.passwordHash }, data: { passwordHash } });
    if (row) await revokeAllSessions(tx, userId);
    return row;
  });
  if (!changed) throw badUserInput("The current password is not correct", "currentPassword");
  return changed;
}
