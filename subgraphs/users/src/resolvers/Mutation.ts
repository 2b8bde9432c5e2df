// Sign-up, log-in, and the signed-in account's own changes: profile, password, saved addresses.
import type { MutationResolvers } from "../__generated__/resolvers-types.ts";
import { accessToken, login, signUp } from "../domain/accounts.ts";
import { deleteAddress, saveAddress } from "../domain/addresses.ts";
import { changePassword, updateProfile } from "../domain/profile.ts";
import { signedInUser } from "../domain/signed-in.ts";

export const Mutation: MutationResolvers = {
  signUp: (_, { input }, { prisma, jwtSecret, passwords }) => signUp(prisma, jwtSecret, passwords, input),
  login: (_, { email, password }, { prisma, jwtSecret, passwords }) => login(prisma, jwtSecret, passwords, email, password),
  updateProfile: (_, { input }, { prisma, caller }) => updateProfile(prisma, signedInUser(caller), input),
  changePassword: async (_, { input }, { prisma, caller, jwtSecret, passwords }) => {
    const user = await changePassword(prisma, passwords, signedInUser(caller), input);
    return { token: await accessToken(jwtSecret, user), user };
  },
  saveAddress: (_, { input }, { prisma, caller }) => saveAddress(prisma, signedInUser(caller), input),
  deleteAddress: (_, { input }, { prisma, caller }) => deleteAddress(prisma, signedInUser(caller), input),
};
