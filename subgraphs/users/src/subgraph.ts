// The users subgraph, declared for the shared scaffold (packages/shared/src/subgraph): settings (the base plus
// JWT_SECRET, which signs session tokens, and the password hasher's bounds), schema, resolvers, database, the
// process's password hasher and the per-request context. main.ts, migrate.ts and the tests start it from here.
import { availableParallelism } from "node:os";
import { secret } from "@shop/shared/config";
import { z } from "zod";
import { defineSubgraph } from "@shop/shared/subgraph/declaration";
import { entryPoints } from "@shop/shared/subgraph/start";
import { seed } from "../../../prisma/users/seed.ts";
import { PrismaClient } from "./__generated__/prisma/client.ts";
import type { Context } from "./context.ts";
import { createPasswordHasher } from "./domain/password-hasher.ts";
import { createLoaders } from "./loaders.ts";
import { resolvers } from "./resolvers/index.ts";

export const users = defineSubgraph({
  name: "users",
  port: 4001,
  settings: {
    /** Password hashes computed at once: half the cores (at least one), so a log-in flood leaves the rest to other requests. */
    PASSWORD_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(Math.max(1, Math.floor(availableParallelism() / 2))),
    /** Password hashes allowed to wait for a slot; beyond it a log-in or sign-up is refused with SERVICE_UNAVAILABLE. */
    PASSWORD_HASH_QUEUE: z.coerce.number().int().min(0).max(10_000).default(64),
  },
  deriveSettings: (env) => ({ jwtSecret: secret("JWT_SECRET", env) }),
  schemaFile: new URL("./schema.graphql", import.meta.url),
  resolvers,
  createClient: (options) => new PrismaClient(options),
  seed,
  dependencies: ({ settings }) => ({
    passwords: createPasswordHasher({ concurrency: settings.PASSWORD_HASH_CONCURRENCY, queueLimit: settings.PASSWORD_HASH_QUEUE }),
  }),
  context: (request, { passwords }, { jwtSecret }): Context => ({ ...request, loaders: createLoaders(request.sql), jwtSecret, passwords }),
});

export const { loadConfig, start: startUsersSubgraph } = entryPoints(users);
export type Config = ReturnType<typeof loadConfig>;
