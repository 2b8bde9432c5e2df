// Sign-up and log-in.
import type { MutationResolvers } from "../__generated__/resolvers-types.ts";
import { login, signUp } from "../domain/accounts.ts";

export const Mutation: MutationResolvers = {
  signUp: (_, { input }, { prisma, jwtSecret }) => signUp(prisma, jwtSecret, input),
  login: (_, { email, password }, { prisma, jwtSecret }) => login(prisma, jwtSecret, email, password),
};
