// Query fields owned by the users service.
import type { QueryResolvers } from "../__generated__/resolvers-types.ts";

export const Query: QueryResolvers = {
  me: (_, __, { caller, loaders }) => (caller.userId ? loaders.user.load(caller.userId) : null),
};
