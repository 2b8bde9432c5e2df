// Sign-up and log-in.
import type { Context } from "../context.ts";
import { login, type SignUpInput, signUp } from "../domain/accounts.ts";

export const Mutation = {
  signUp: (_: unknown, { input }: { input: SignUpInput }, { prisma, jwtSecret }: Context) => signUp(prisma, jwtSecret, input),
  login: (_: unknown, args: { email: string; password: string }, { prisma, jwtSecret }: Context) =>
    login(prisma, jwtSecret, args.email, args.password),
};
