// The per-request context of the users subgraph: the scaffold's request (caller, request id, Prisma client), the
// request's loaders, the secret that signs session tokens, and the password hasher.
import type { SubgraphRequest } from "@shop/shared/subgraph/declaration";
import type { PrismaClient } from "./__generated__/prisma/client.ts";
import type { PasswordHasher } from "./domain/password-hasher.ts";
import type { Loaders } from "./loaders.ts";

export interface Context extends SubgraphRequest<PrismaClient> {
  loaders: Loaders;
  jwtSecret: string;
  /** The process's password hasher (bounded concurrency, shared by every request). */
  passwords: PasswordHasher;
}
