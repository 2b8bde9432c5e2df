// The users subgraph, declared for the shared scaffold (packages/shared/src/subgraph): settings (the base plus
// JWT_SECRET, which signs session tokens), schema, resolvers, database and the per-request context. main.ts,
// migrate.ts and the tests start it from here.
import { secret } from "@shop/shared/config";
import { ROUTER_ISSUER } from "@shop/shared/identity";
import { defineSubgraph } from "@shop/shared/subgraph/declaration";
import { entryPoints } from "@shop/shared/subgraph/start";
import { seed } from "../../../prisma/users/seed.ts";
import { PrismaClient } from "./__generated__/prisma/client.ts";
import type { Context } from "./context.ts";
import { createLoaders } from "./loaders.ts";
import { resolvers } from "./resolvers/index.ts";

export const users = defineSubgraph({
  name: "users",
  port: 4001,
  // Only the router calls users: public fields.
  callers: { [ROUTER_ISSUER]: "public" },
  deriveSettings: (env) => ({ jwtSecret: secret("JWT_SECRET", env) }),
  schemaFile: new URL("./schema.graphql", import.meta.url),
  resolvers,
  createClient: (options) => new PrismaClient(options),
  seed,
  context: (request, _, { jwtSecret }): Context => ({ ...request, loaders: createLoaders(request.prisma), jwtSecret }),
});

export const { loadConfig, start: startUsersSubgraph } = entryPoints(users);
export type Config = ReturnType<typeof loadConfig>;
