// Environment parsing shared by every process: validated once at start, failing fast with the variable's name.
import { randomBytes } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { repoRoot } from "./paths.ts";
import { weakSecretReason } from "./secret-strength.ts";

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parses `env` with `schema`; on failure throws one error naming every bad variable. */
export function parseEnv<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join(".") || "(env)"}: ${issue.message}`);
    throw new ConfigError(`Invalid environment:\n  ${problems.join("\n  ")}`);
  }
  return result.data;
}

export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
export const nodeEnv = z.enum(["development", "production", "test"]).default("development");
/** MIGRATE_ON_START: true for `pnpm start` and tests; the images and manifests set false and run a migration job. */
export const migrateOnStart = z.stringbool().default(true);
const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export const logLevel = z.enum(LOG_LEVELS).default("info");
/** LOG_FORMAT: `pretty` (one coloured line per entry) or `json`; unset, pretty when stdout is a terminal. */
export const logFormat = z.enum(["json", "pretty"]).optional();

const DEV_SECRETS_FILE = path.join(repoRoot, ".data", "dev-secrets.json");

/**
 * A development secret shared by every local process (they must agree on it: the users service signs the
 * tokens the router verifies). Generated once into `.data/dev-secrets.json`, never used in production.
 */
export function developmentSecret(name: "JWT_SECRET" | "SUBGRAPH_SECRET"): string {
  mkdirSync(path.dirname(DEV_SECRETS_FILE), { recursive: true });
  const read = (): Record<string, string> => {
    try {
      return JSON.parse(readFileSync(DEV_SECRETS_FILE, "utf8")) as Record<string, string>;
    } catch {
      return {};
    }
  };
  const existing = read()[name];
  if (existing) return existing;
  const secrets = { JWT_SECRET: randomBytes(32).toString("base64url"), SUBGRAPH_SECRET: randomBytes(32).toString("base64url") };
  // Write a complete temporary file, then link it into place: link fails when a sibling process won the
  // race, and nobody ever reads a half-written file.
  const temporary = `${DEV_SECRETS_FILE}.${process.pid}.${randomBytes(4).toString("hex")}`;
  writeFileSync(temporary, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  try {
    linkSync(temporary, DEV_SECRETS_FILE);
  } catch {
    /* written by a sibling process */
  } finally {
    unlinkSync(temporary);
  }
  const value = read()[name];
  if (!value) throw new ConfigError(`Could not create a development ${name} in ${DEV_SECRETS_FILE}`);
  return value;
}

/**
 * A secret from the environment; outside production a missing one is replaced by the shared development
 * secret. In production a missing or weak secret (secret-strength.ts: short, predictable, or a sample committed to
 * the repository) stops the process with one line naming the variable.
 */
export function secret(name: "JWT_SECRET" | "SUBGRAPH_SECRET", env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (value) {
    if (env.NODE_ENV === "production") {
      const weak = weakSecretReason(name, value);
      if (weak) throw new ConfigError(weak);
    } else if (value.length < 32) throw new ConfigError(`${name} must be at least 32 characters`);
    return value;
  }
  if (env.NODE_ENV === "production") throw new ConfigError(`${name} is required when NODE_ENV=production`);
  return developmentSecret(name);
}
