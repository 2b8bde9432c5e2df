// The per-request context of the products subgraph: the scaffold's request (caller, request id, Prisma client) and the request's loaders.
import type { SubgraphRequest } from "@shop/shared/subgraph/declaration";
import type { PrismaClient } from "./__generated__/prisma/client.ts";
import type { ChangeHead } from "./domain/change-feed.ts";
import type { Loaders } from "./loaders.ts";

export interface Context extends SubgraphRequest<PrismaClient> {
  loaders: Loaders;
  /** Push for the change feed (PostgreSQL only; domain/change-notifier.ts). */
  changeNotifier: ChangeHead | undefined;
}
