// Settings of `pnpm bench` from the environment, read once.
import { z } from "zod";

export function loadBenchConfig(env: NodeJS.ProcessEnv = process.env) {
  return z
    .object({
      /** A PostgreSQL server (an admin URL) on which the bench creates, and drops, its throwaway databases. */
      BENCH_POSTGRES_URL: z.url().optional(),
    })
    .parse(env);
}
