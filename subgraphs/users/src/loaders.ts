// Per-request DataLoaders: entity references from other subgraphs become one query.
import { oneEach } from "@shop/shared/batch";
import DataLoader from "dataloader";
import type { PrismaClient, User } from "./__generated__/prisma/client.ts";

export function createLoaders(prisma: PrismaClient) {
  return {
    user: new DataLoader<string, User | null>(async (ids) => oneEach(ids, await prisma.user.findMany({ where: { id: { in: [...ids] } } }), (user) => user.id)),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
