// A subgraph's settings: the base every subgraph reads (port, host, database, seeding, secrets, ...) extended with
// the subgraph's own zod fields, parsed once by one parser that names every bad variable.
import { z } from "zod";
import { logLevel, migrateOnStart, nodeEnv, parseEnv, port } from "../config.ts";
import { defaultDatabaseUrl } from "../database.ts";
import type { CallerAllowList } from "../service-caller.ts";
import { type ServiceKeys, serviceKeysFromEnv } from "../service-keys.ts";

/** The variables every subgraph reads; `name` and `defaultPort` give the defaults of DATABASE_URL and PORT. */
export function baseSettingsFields(name: string, defaultPort: number) {
  return {
    PORT: port(defaultPort),
    HOST: z.string().default("127.0.0.1"),
    DATABASE_URL: z.string().default(defaultDatabaseUrl(name)),
    SEED: z.enum(["auto", "always", "never"]).default("auto"),
    /** Apply migrations and seed at start (local runs); false where a migration job does it (containers). */
    MIGRATE_ON_START: migrateOnStart,
    NODE_ENV: nodeEnv,
    LOG_LEVEL: logLevel,
    /** Timeout of each call to another service (the clients the declaration's dependencies build). */
    SERVICE_TIMEOUT_MS: z.coerce.number().int().min(1).default(5_000),
    /** Test-only: comma-separated fault points where the process "dies" (see packages/shared/src/faults.ts). */
    FAULT_INJECTION: z.string().optional(),
  };
}

type BaseFields = ReturnType<typeof baseSettingsFields>;

/** What the scaffold itself reads of any subgraph's settings. */
export type SubgraphSettings = z.infer<z.ZodObject<BaseFields>> & { serviceKeys: ServiceKeys };

/** The parsed settings of a subgraph whose own fields are `F` and whose derived values are `X`. */
export type SettingsOf<F extends z.ZodRawShape, X> = SubgraphSettings & z.infer<z.ZodObject<F>> & X;

export interface SettingsDeclaration<F extends z.ZodRawShape, X> {
  name: string;
  port: number;
  /** Who may call this subgraph and which root fields each may select: the router "public", services their internal fields. */
  callers: CallerAllowList;
  /** The subgraph's own variables, added to the base. */
  settings?: F;
  /** Values computed from the environment beyond zod fields (a secret such as users' JWT_SECRET). */
  deriveSettings?: (env: NodeJS.ProcessEnv) => X;
}

/** Parses `env` for the subgraph `declaration`; a ConfigError names every bad variable, a missing production secret its name. */
export function loadSettings<F extends z.ZodRawShape, X>(declaration: SettingsDeclaration<F, X>, env: NodeJS.ProcessEnv = process.env): SettingsOf<F, X> {
  const fields = { ...declaration.settings, ...baseSettingsFields(declaration.name, declaration.port) };
  const parsed = parseEnv(z.object(fields), env) as z.infer<z.ZodObject<BaseFields>> & z.infer<z.ZodObject<F>>;
  return { ...parsed, serviceKeys: serviceKeysFromEnv(declaration.name, Object.keys(declaration.callers), env), ...(declaration.deriveSettings?.(env) as X) };
}
