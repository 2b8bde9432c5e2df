// Per-request DataLoaders: entity references from other subgraphs become one query.
import DataLoader from "dataloader";
import type { PrismaClient, User } from "./__generated__/prisma/client.ts";

export function createLoaders(prisma: PrismaClient) {
  return {
    user: new DataLoader<string, User | null>(async (ids) => {
      const users = await prisma.user.findMany({ where: { id: { in: [...ids] } } });
      const byId = new Map(users.map((user) => [user.id, user]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
