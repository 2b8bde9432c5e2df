// The per-request context of the payments subgraph.
import type { Caller } from "@shop/shared/identity";
import type { PrismaClient } from "./__generated__/prisma/client.ts";
import { createLoaders, type Loaders } from "./loaders.ts";

export interface Context {
  caller: Caller;
  requestId: string;
  prisma: PrismaClient;
  loaders: Loaders;
}

export function createContext(prisma: PrismaClient, caller: Caller, requestId: string): Context {
  return { caller, requestId, prisma, loaders: createLoaders(prisma) };
}
