// The per-request context of the users subgraph: the scaffold's request (caller, request id, Prisma client), the
// request's loaders, and the secret that signs session tokens.
import type { SubgraphRequest } from "@shop/shared/subgraph/declaration";
import type { PrismaClient } from "./__generated__/prisma/client.ts";
import type { Loaders } from "./loaders.ts";

export interface Context extends SubgraphRequest<PrismaClient> {
  loaders: Loaders;
  jwtSecret: string;
}
