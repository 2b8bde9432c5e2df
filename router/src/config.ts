// Router settings, read from the environment once; a bad or missing value stops the process naming the variable.
import path from "node:path";
import { logLevel, nodeEnv, parseEnv, port, secret } from "@shop/shared/config";
import { repoRoot } from "@shop/shared/paths";
import { z } from "zod";

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = parseEnv(
    z.object({
      PORT: port(4000),
      HOST: z.string().default("127.0.0.1"),
      NODE_ENV: nodeEnv,
      LOG_LEVEL: logLevel,
      SUPERGRAPH_CONFIG: z.string().default(path.join(repoRoot, "supergraph.yaml")),
      /** Comma-separated origins allowed by CORS (the storefront's dev server by default). */
      CORS_ORIGINS: z
        .string()
        .default("http://localhost:5173,http://127.0.0.1:5173")
        .transform((value) => value.split(",").map((origin) => origin.trim()).filter(Boolean)),
      BODY_LIMIT: z.string().regex(/^\d+(kb|mb)$/).default("1mb"),
      SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    }),
    env,
  );
  return { ...parsed, jwtSecret: secret("JWT_SECRET", env), subgraphSecret: secret("SUBGRAPH_SECRET", env) };
}

export type RouterConfig = ReturnType<typeof loadConfig>;
