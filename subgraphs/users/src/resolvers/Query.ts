// Query fields owned by the users service.
import type { Context } from "../context.ts";

export const Query = {
  me: (_: unknown, __: unknown, { caller, loaders }: Context) => (caller.userId ? loaders.user.load(caller.userId) : null),
};
