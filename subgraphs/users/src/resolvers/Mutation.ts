// Sign-up, log-in, the session's renewal and end, and the signed-in account's own changes: profile, password
// (which ends every session and opens a new one for the changer), saved addresses.
import type { MutationResolvers } from "../__generated__/resolvers-types.ts";
import { login, signUp } from "../domain/accounts.ts";
import { deleteAddress, saveAddress } from "../domain/addresses.ts";
import { changePassword, updateProfile } from "../domain/profile.ts";
import { logout, openSession, refreshSession } from "../domain/sessions.ts";
import { signedInUser } from "../domain/signed-in.ts";

export const Mutation: MutationResolvers = {
  signUp: async (_, { input }, context) => openSession(context, await signUp(context.prisma, context.passwords, input)),
  login: async (_, { email, password }, context) => openSession(context, await login(context.prisma, context.passwords, email, password)),
  refreshSession: (_, __, context) => refreshSession(context),
  logout: (_, __, context) => logout(context),
  updateProfile: (_, { input }, { prisma, caller }) => updateProfile(prisma, signedInUser(caller), input),
  changePassword: async (_, { input }, context) =>
    openSession(context, await changePassword(context.prisma, context.passwords, signedInUser(context.caller), input)),
  saveAddress: (_, { input }, { prisma, caller }) => saveAddress(prisma, signedInUser(caller), input),
  deleteAddress: (_, { input }, { prisma, caller }) => deleteAddress(prisma, signedInUser(caller), input),
};
