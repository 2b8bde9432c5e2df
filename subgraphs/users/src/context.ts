// The per-request context of the users subgraph: the scaffold's request (caller, request id, Prisma client, HTTP
// headers), the request's loaders, the session settings (the secret that signs access tokens, lifetimes) and the
// password hasher.
import type { SubgraphRequest } from "@shop/shared/subgraph/declaration";
import type { PrismaClient } from "./__generated__/prisma/client.ts";
import type { PasswordHasher } from "./domain/password-hasher.ts";
import type { SessionSettings } from "./domain/sessions.ts";
import type { Loaders } from "./loaders.ts";

export interface Context extends SubgraphRequest<PrismaClient> {
  loaders: Loaders;
  sessions: SessionSettings;
  /** The process's password hasher (bounded concurrency, shared by every request). */
  passwords: PasswordHasher;
}
