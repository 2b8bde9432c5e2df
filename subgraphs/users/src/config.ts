// Settings of the users service, read from the environment once.
import { logLevel, migrateOnStart, nodeEnv, parseEnv, port, secret } from "@shop/shared/config";
import { defaultDatabaseUrl } from "@shop/shared/database";
import { z } from "zod";

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = parseEnv(
    z.object({
      PORT: port(4001),
      HOST: z.string().default("127.0.0.1"),
      DATABASE_URL: z.string().default(defaultDatabaseUrl("users")),
      SEED: z.enum(["auto", "always", "never"]).default("auto"),
      MIGRATE_ON_START: migrateOnStart,
      NODE_ENV: nodeEnv,
      LOG_LEVEL: logLevel,
    }),
    env,
  );
  return { ...parsed, jwtSecret: secret("JWT_SECRET", env), subgraphSecret: secret("SUBGRAPH_SECRET", env) };
}

export type Config = ReturnType<typeof loadConfig>;
