// The User entity: reference resolution for other subgraphs, and field mapping.
import { isUuid } from "@shop/shared/ids";
import type { User as UserRow } from "../__generated__/prisma/client.ts";
import type { Context } from "../context.ts";

export const User = {
  __resolveReference: ({ id }: { id: string }, { loaders }: Context) => (isUuid(id) ? loaders.user.load(id) : null),
  createdAt: (user: UserRow) => user.createdAt.toISOString(),
};
