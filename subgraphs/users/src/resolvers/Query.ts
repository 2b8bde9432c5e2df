// Query fields owned by the users service.
import type { QueryResolvers } from "../__generated__/resolvers-types.ts";
import { sessionActive } from "../domain/sessions.ts";

export const Query: QueryResolvers = {
  me: (_, __, { caller, loaders }) => (caller.userId ? loaders.user.load(caller.userId) : null),
  _sessionActive: (_, { id, userId }, context) => sessionActive(context, id, userId),
};
