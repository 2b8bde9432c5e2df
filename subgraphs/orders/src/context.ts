// The per-request context of the orders subgraph.
import type { Caller } from "@shop/shared/identity";
import type { PrismaClient } from "./__generated__/prisma/client.ts";
import type { Checkout } from "./checkout.ts";
import { createLoaders, type Loaders } from "./loaders.ts";

export interface Context {
  caller: Caller;
  requestId: string;
  prisma: PrismaClient;
  loaders: Loaders;
  /** What the checkout mutations need beyond the database: the products service, settings, faults. */
  checkout: Checkout;
}

export function createContext(prisma: PrismaClient, caller: Caller, requestId: string, checkout: Checkout): Context {
  return { caller, requestId, prisma, loaders: createLoaders(prisma), checkout };
}
