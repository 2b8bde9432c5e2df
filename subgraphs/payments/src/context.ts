// The per-request context of the payments subgraph: the scaffold's request (caller, request id, Prisma client), the
// request's loaders, and what payOrder needs beyond them (built once per process).
import type { SubgraphRequest } from "@shop/shared/subgraph/declaration";
import type { PrismaClient } from "./__generated__/prisma/client.ts";
import type { CheckoutDependencies } from "./checkout-dependencies.ts";
import type { Loaders } from "./loaders.ts";

export interface Context extends SubgraphRequest<PrismaClient> {
  loaders: Loaders;
  checkout: CheckoutDependencies;
}
