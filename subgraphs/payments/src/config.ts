// Settings of the payments service, read from the environment once.
//
// Same variables and rules as the users service's config, minus JWT_SECRET. zod is not among this package's
// dependencies (pnpm does not let it resolve here), so each variable goes through the shared zod validators one
// by one instead of `parseEnv(z.object(...))`; every bad variable is still named in one ConfigError.
import { ConfigError, logLevel, nodeEnv, port, secret } from "@shop/shared/config";
import { defaultDatabaseUrl } from "@shop/shared/database";
import type { SeedMode } from "@shop/shared/service-database";

/** The part of a zod schema this file uses. */
interface Validator<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: ReadonlyArray<{ message: string }> } };
}

const SEED_MODES: readonly SeedMode[] = ["auto", "always", "never"];

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const problems: string[] = [];
  const read = <T>(name: string, validator: Validator<T>): T => {
    const result = validator.safeParse(env[name]);
    if (result.success) return result.data;
    problems.push(`${name}: ${result.error.issues.map((issue) => issue.message).join("; ")}`);
    return undefined as T;
  };
  const seedMode = env.SEED ?? "auto";
  if (!SEED_MODES.includes(seedMode as SeedMode)) problems.push(`SEED: expected one of ${SEED_MODES.join(", ")}`);
  const parsed = {
    PORT: read("PORT", port(4004)),
    HOST: env.HOST || "127.0.0.1",
    DATABASE_URL: env.DATABASE_URL || defaultDatabaseUrl("payments"),
    SEED: seedMode as SeedMode,
    NODE_ENV: read("NODE_ENV", nodeEnv),
    LOG_LEVEL: read("LOG_LEVEL", logLevel),
  };
  if (problems.length) throw new ConfigError(`Invalid environment:\n  ${problems.join("\n  ")}`);
  return { ...parsed, subgraphSecret: secret("SUBGRAPH_SECRET", env) };
}

export type Config = ReturnType<typeof loadConfig>;
