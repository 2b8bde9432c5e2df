// Router settings, read from the environment once; a bad or missing value stops the process naming the variable.
import path from "node:path";
import { logLevel, nodeEnv, parseEnv, port, secret } from "@shop/shared/config";
import { repoRoot } from "@shop/shared/paths";
import { z } from "zod";
import type { OperationLimits } from "./plugins/limits.ts";

/** A positive integer setting with a default and a sanity ceiling. */
const count = (fallback: number, max: number) => z.coerce.number().int().min(1).max(max).default(fallback);
const flag = (fallback: boolean) => z.stringbool().default(fallback);

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = parseEnv(
    z.object({
      PORT: port(4000),
      HOST: z.string().default("127.0.0.1"),
      NODE_ENV: nodeEnv,
      LOG_LEVEL: logLevel,
      SUPERGRAPH_CONFIG: z.string().default(path.join(repoRoot, "supergraph.yaml")),
      /** Recompose when supergraph.yaml or a subgraph SDL changes. */
      SUPERGRAPH_WATCH: flag(true),
      SUPERGRAPH_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1_000),
      /** Comma-separated origins allowed by CORS (the storefront's dev server by default). */
      CORS_ORIGINS: z
        .string()
        .default("http://localhost:5173,http://127.0.0.1:5173")
        .transform((value) => value.split(",").map((origin) => origin.trim()).filter(Boolean)),
      BODY_LIMIT: z.string().regex(/^\d+(kb|mb)$/).default("1mb"),
      SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
      /** Extra attempts of a query's subgraph fetch after a connection error; mutations are never retried. */
      SUBGRAPH_RETRIES: z.coerce.number().int().min(0).max(5).default(2),
      // Operation limits (see plugins/limits.ts); the defaults sit between Hive Gateway's and Apollo Router's
      // and leave room for the storefront's operations and Sandbox's introspection query.
      LIMIT_MAX_TOKENS: count(5_000, 100_000),
      LIMIT_MAX_DEPTH: count(10, 100),
      LIMIT_MAX_ALIASES: count(15, 1_000),
      LIMIT_MAX_DIRECTIVES: count(50, 1_000),
      LIMIT_MAX_ROOT_FIELDS: count(20, 1_000),
      LIMIT_MAX_PAGE_SIZE: count(100, 10_000),
      LIMIT_MAX_COST: count(5_000, 10_000_000),
      LIMIT_DEFAULT_LIST_SIZE: count(10, 1_000),
      /** Serve only the operations in PERSISTED_QUERIES_MANIFEST (also `--trusted-only`). */
      TRUSTED_DOCUMENTS_ONLY: flag(false),
      /** Subgraph response cache and in-flight deduplication (see subgraph-cache.ts); false turns both off. */
      RESPONSE_CACHE: flag(true),
      /** Identical in-flight query fetches of one caller share one request (with RESPONSE_CACHE on). */
      SUBGRAPH_DEDUPE: flag(true),
      RESPONSE_CACHE_MAX_ENTRIES: count(10_000, 1_000_000),
      /** Whole responses of anonymous public queries too (a hit skips planning and fetching), in at most this many MB. */
      RESPONSE_CACHE_WHOLE: flag(true),
      RESPONSE_CACHE_WHOLE_MAX_MB: count(64, 4_096),
      /** How often the router reads the products change feed, and how old its last good read may get before the cache is bypassed. */
      CACHE_FEED_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(250),
      CACHE_MAX_STALENESS_MS: z.coerce.number().int().min(50).max(600_000).default(2_000),
      PERSISTED_QUERIES_MANIFEST: z.string().default(path.join(repoRoot, "storefront", "persisted-query-manifest.json")),
    }),
    env,
  );
  const limits: OperationLimits = {
    maxTokens: parsed.LIMIT_MAX_TOKENS,
    maxDepth: parsed.LIMIT_MAX_DEPTH,
    maxAliases: parsed.LIMIT_MAX_ALIASES,
    maxDirectives: parsed.LIMIT_MAX_DIRECTIVES,
    maxRootFields: parsed.LIMIT_MAX_ROOT_FIELDS,
    maxPageSize: parsed.LIMIT_MAX_PAGE_SIZE,
    maxCost: parsed.LIMIT_MAX_COST,
    defaultListSize: parsed.LIMIT_DEFAULT_LIST_SIZE,
  };
  return { ...parsed, limits, jwtSecret: secret("JWT_SECRET", env), subgraphSecret: secret("SUBGRAPH_SECRET", env) };
}

/** The environment with command-line switches applied: `--trusted-only` sets TRUSTED_DOCUMENTS_ONLY. */
export function withArguments(env: NodeJS.ProcessEnv, argv: string[]): NodeJS.ProcessEnv {
  return argv.includes("--trusted-only") ? { ...env, TRUSTED_DOCUMENTS_ONLY: "true" } : env;
}

export type RouterConfig = ReturnType<typeof loadConfig>;
