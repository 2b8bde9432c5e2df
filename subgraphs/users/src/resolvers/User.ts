// The User entity: reference resolution for other subgraphs, and field mapping.
import { isUuid } from "@shop/shared/ids";
import type { UserResolvers } from "../__generated__/resolvers-types.ts";

export const User: UserResolvers = {
  __resolveReference: ({ id }, { loaders }) => (isUuid(id) ? loaders.user.load(id.toLowerCase()) : null),
  createdAt: (user) => user.createdAt.toISOString(),
};
