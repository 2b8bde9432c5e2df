// The User entity: reference resolution for other subgraphs, and field mapping.
import { forbidden } from "@shop/shared/errors";
import { isUuid } from "@shop/shared/ids";
import { SCOPES } from "@shop/shared/scopes";
import { hasScope } from "@shop/shared/service-caller";
import type { UserResolvers } from "../__generated__/resolvers-types.ts";
import { savedAddresses } from "../domain/addresses.ts";
import { signedInUser } from "../domain/signed-in.ts";

export const User: UserResolvers = {
  __resolveReference: ({ id }, { loaders }) => (isUuid(id) ? loaders.user.load(id.toLowerCase()) : null),
  createdAt: (user) => user.createdAt.toISOString(),
  // An account's scopes are its own business and its administrators': nobody else learns who is staff.
  scopes: (user, _, { caller }) => {
    if (caller.userId?.toLowerCase() === user.id || hasScope(caller, SCOPES.usersAdmin)) return user.scopes;
    throw forbidden("Only the account itself and users:admin can see its scopes");
  },
  // Where someone lives is theirs alone: not even users:admin reads it through the graph.
  addresses: (user, _, { caller, prisma }) => {
    if (signedInUser(caller) !== user.id) throw forbidden("Only the account itself can see its saved addresses");
    return savedAddresses(prisma, user.id);
  },
};
