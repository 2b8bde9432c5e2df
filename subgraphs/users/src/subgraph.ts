// The users subgraph, declared for the shared scaffold (packages/shared/src/subgraph): settings (the base plus
// JWT_SECRET, which signs access tokens, the session lifetimes and the password hasher's bounds), schema,
// resolvers, database, the process's password hasher, the session pruner and the per-request context. main.ts,
// migrate.ts and the tests start it from here.
import { availableParallelism } from "node:os";
import { secret } from "@shop/shared/config";
import { ROUTER_ISSUER } from "@shop/shared/identity";
import { SESSION_CHECK_ISSUER } from "@shop/shared/session-transport";
import { defineSubgraph } from "@shop/shared/subgraph/declaration";
import { entryPoints } from "@shop/shared/subgraph/start";
import { z } from "zod";
import { seed } from "../../../prisma/users/seed.ts";
import { PrismaClient } from "./__generated__/prisma/client.ts";
import type { Context } from "./context.ts";
import { pruneExpiredSessions } from "./db/sessions.ts";
import { createPasswordHasher } from "./domain/password-hasher.ts";
import { createLoaders } from "./loaders.ts";
import { resolvers } from "./resolvers/index.ts";

const settings = {
  /** Lifetime of an access token: how long a stolen one stays useful, and how often the storefront refreshes. */
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
  /** Lifetime of a session without use: each refresh extends it by this much; a log-in is needed after it. */
  SESSION_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Password hashes computed at once: half the cores (at least one), so a log-in flood leaves the rest to other requests. */
  PASSWORD_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(Math.max(1, Math.floor(availableParallelism() / 2))),
  /** Password hashes allowed to wait for a slot; beyond it a log-in or sign-up is refused with SERVICE_UNAVAILABLE. */
  PASSWORD_HASH_QUEUE: z.coerce.number().int().min(0).max(10_000).default(64),
};

export const users = defineSubgraph({
  name: "users",
  port: 4001,
  settings,
  // The router calls users for public fields, and its session checks (issuer router-session) for _sessionActive.
  callers: { [ROUTER_ISSUER]: "public", [SESSION_CHECK_ISSUER]: ["_sessionActive"] },
  deriveSettings: (env) => ({ jwtSecret: secret("JWT_SECRET", env) }),
  schemaFile: new URL("./schema.graphql", import.meta.url),
  resolvers,
  createClient: (options) => new PrismaClient(options),
  seed,
  dependencies: ({ settings }) => ({
    passwords: createPasswordHasher({ concurrency: settings.PASSWORD_HASH_CONCURRENCY, queueLimit: settings.PASSWORD_HASH_QUEUE }),
  }),
  // Rotation leaves a closed row per refresh: expired ones go once an hour.
  workers: (_, { prisma }) => ({ pruneSessions: { intervalMs: 3_600_000, run: async () => void (await pruneExpiredSessions(prisma)) } }),
  context: (request, { passwords }, { jwtSecret, ACCESS_TOKEN_TTL_SECONDS, SESSION_TTL_DAYS }): Context => ({
    ...request,
    loaders: createLoaders(request.sql),
    sessions: { jwtSecret, accessTokenTtlSeconds: ACCESS_TOKEN_TTL_SECONDS, refreshTokenTtlSeconds: SESSION_TTL_DAYS * 86_400 },
    passwords,
  }),
});

export const { loadConfig, start: startUsersSubgraph } = entryPoints(users);
export type Config = ReturnType<typeof loadConfig>;
