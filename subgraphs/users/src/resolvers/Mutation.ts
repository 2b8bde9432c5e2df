// Sign-up, log-in and the session's renewal and end.
import type { MutationResolvers } from "../__generated__/resolvers-types.ts";
import { login, signUp } from "../domain/accounts.ts";
import { logout, openSession, refreshSession } from "../domain/sessions.ts";

export const Mutation: MutationResolvers = {
  signUp: async (_, { input }, context) => openSession(context, await signUp(context.prisma, input)),
  login: async (_, { email, password }, context) => openSession(context, await login(context.prisma, email, password)),
  refreshSession: (_, __, context) => refreshSession(context),
  logout: (_, __, context) => logout(context),
};
