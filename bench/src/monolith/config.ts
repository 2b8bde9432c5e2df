// Settings of the reference monolith, read from the environment once.
import { z } from "zod";

export function loadMonolithConfig(env: NodeJS.ProcessEnv = process.env) {
  return z
    .object({
      PORT: z.coerce.number().int().min(0).max(65_535),
      HOST: z.string().default("127.0.0.1"),
      JWT_SECRET: z.string().min(32),
      LOG_LEVEL: z.string().default("warn"),
      /** The supergraph whose API schema the monolith serves (the bench's composed supergraph.graphql). */
      SUPERGRAPH_FILE: z.string().min(1),
      USERS_DATABASE_URL: z.string().min(1),
      PRODUCTS_DATABASE_URL: z.string().min(1),
      ORDERS_DATABASE_URL: z.string().min(1),
      PAYMENTS_DATABASE_URL: z.string().min(1),
    })
    .parse(env);
}

export type MonolithConfig = ReturnType<typeof loadMonolithConfig>;
