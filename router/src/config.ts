// Router settings, read from the environment once; a bad or missing value stops the process naming the variable.
import path from "node:path";
import { parseArgs } from "node:util";
import { ConfigError, logLevel, nodeEnv, parseEnv, port, secret } from "@shop/shared/config";
import { repoRoot } from "@shop/shared/paths";
import { ROUTER_ISSUER } from "@shop/shared/identity";
import { signingKeyFromEnv } from "@shop/shared/service-keys";
import { z } from "zod";
import type { RateLimits } from "./limits/budgets.ts";
import { parseSize } from "./limits/response-size.ts";
import type { OperationLimits } from "./plugins/limits.ts";
import { readSupergraphConfig } from "./supergraph.ts";

/** A positive integer setting with a default and a sanity ceiling. */
const count = (fallback: number, max: number) => z.coerce.number().int().min(1).max(max).default(fallback);
const flag = (fallback: boolean) => z.stringbool().default(fallback);
/** A comma-separated list of subgraph names; undefined when unset (an empty value is an empty list). */
const subgraphNames = () =>
  z
    .string()
    .optional()
    .transform((value) => (value === undefined ? undefined : value.split(",").map((name) => name.trim()).filter(Boolean)));

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = parseEnv(
    z.object({
      PORT: port(4000),
      HOST: z.string().default("127.0.0.1"),
      /** The /metrics listener (never the public port). Default 9464, or any free port when PORT is 0 (tests). */
      METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
      /** Where the /metrics listener binds; default HOST. */
      METRICS_HOST: z.string().min(1).optional(),
      NODE_ENV: nodeEnv,
      LOG_LEVEL: logLevel,
      /** supergraph.yaml to compose at start (development's default). */
      SUPERGRAPH_CONFIG: z.string().min(1).optional(),
      /** A pre-composed supergraph to serve instead of composing (also `--supergraph <file>`). */
      SUPERGRAPH_FILE: z.string().min(1).optional(),
      /** Reload when the supergraph file, or supergraph.yaml or a subgraph SDL, changes. */
      SUPERGRAPH_WATCH: flag(true),
      /**
       * Comma-separated names of the subgraphs that are ours: only they receive the signed subgraph
       * credential (with the caller's identity) and the request id, and only their /ready counts for the
       * router's. Default: the subgraphs of the repository's supergraph.yaml. Empty: none.
       */
      OWN_SUBGRAPHS: subgraphNames(),
      SUPERGRAPH_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1_000),
      /** Comma-separated origins allowed by CORS (the storefront's dev server by default). */
      CORS_ORIGINS: z
        .string()
        .default("http://localhost:5173,http://127.0.0.1:5173")
        .transform((value) => value.split(",").map((origin) => origin.trim()).filter(Boolean)),
      BODY_LIMIT: z.string().regex(/^\d+(kb|mb)$/).default("1mb"),
      /** Largest response one request may get (subgraph replies counted as they arrive, and the bytes sent). */
      RESPONSE_MAX_SIZE: z.string().regex(/^\d+(kb|mb)$/).default("4mb"),
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
      /**
       * Serve only the operations in PERSISTED_QUERIES_MANIFEST (also `--trusted-only`). Default: on in production
       * (the public API is the storefront's operations; an arbitrary query is refused), off in development (Sandbox).
       * `false` in production is the explicit opt-out, for a public API that other clients query freely.
       */
      TRUSTED_DOCUMENTS_ONLY: z.stringbool().optional(),
      /** Subgraph response cache and in-flight deduplication (see subgraph-cache.ts); false turns both off. */
      RESPONSE_CACHE: flag(true),
      /** Identical in-flight query fetches of one caller share one request (with RESPONSE_CACHE on). */
      SUBGRAPH_DEDUPE: flag(true),
      RESPONSE_CACHE_MAX_ENTRIES: count(10_000, 1_000_000),
      /**
       * A cache layer that answers fewer than CACHE_ADAPTIVE_MIN_HIT_RATE of its uses over a window of this many
       * (per subgraph for the subgraph cache, per caller class for sharing and the whole-response cache) turns
       * itself off there, and probes again after CACHE_ADAPTIVE_PROBE_AFTER requests; 0 keeps every layer on.
       */
      CACHE_ADAPTIVE_WINDOW: z.coerce.number().int().min(0).max(1_000_000).default(200),
      CACHE_ADAPTIVE_MIN_HIT_RATE: z.coerce.number().min(0).max(1).default(0.05),
      CACHE_ADAPTIVE_PROBE_AFTER: z.coerce.number().int().min(1).max(10_000_000).default(2_000),
      /** Whole responses of anonymous public queries too (a hit skips planning and fetching), in at most this many MB. */
      RESPONSE_CACHE_WHOLE: flag(true),
      RESPONSE_CACHE_WHOLE_MAX_MB: count(64, 4_096),
      /**
       * Comma-separated subgraphs whose entity change feed (docs/change-feed.md) the caches follow, each one of
       * OWN_SUBGRAPHS (a feed answers only our credential). Default: every own subgraph whose schema in the
       * loaded supergraph declares the feed. Empty: none, and the caches stay off.
       */
      CACHE_CHANGE_FEEDS: subgraphNames(),
      /** How often the router reads each change feed, and how old a feed's last good read may get before the caches are bypassed. */
      CACHE_FEED_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(250),
      CACHE_MAX_STALENESS_MS: z.coerce.number().int().min(50).max(600_000).default(2_000),
      /**
       * Push: a feed that takes `waitMs` (products on PostgreSQL) holds a read with nothing new for up to this long
       * and answers as soon as a change commits; capped at a quarter of CACHE_MAX_STALENESS_MS; 0 polls only.
       */
      CACHE_FEED_WAIT_MS: z.coerce.number().int().min(0).max(30_000).default(500),
      /**
       * What the router does with an operation that selects something the caller may not see (@authenticated,
       * @requiresScopes, @policy): `filter` removes it and answers null with an error there, `reject` refuses
       * the whole request (docs/authorization.md).
       */
      AUTHORIZATION_MODE: z.enum(["filter", "reject"]).default("filter"),
      /**
       * The subgraph that keeps sessions (docs/security.md, sessions): it alone receives the session cookie's token
       * (on mutations) and answers the router's session checks. Empty: no cookies, and access tokens are trusted
       * until they expire without asking anyone (a supergraph without our users service). Default: users, when it
       * is one of OWN_SUBGRAPHS.
       */
      SESSION_SUBGRAPH: z.string().optional(),
      /** How long a replica trusts a session check: the longest a logged-out or revoked session's access token still works. */
      SESSION_CHECK_TTL_MS: z.coerce.number().int().min(0).max(300_000).default(5_000),
      /** Session cookie with Secure and the __Host- prefix; default on in production (browsers need HTTPS for it). */
      SESSION_COOKIE_SECURE: z.stringbool().optional(),
      /** Rate limits (limits/budgets.ts); false turns every budget off. */
      RATE_LIMITS: flag(true),
      /** Shared rate-limit counters (redis://...): every router replica must name the same Redis. Unset: in memory. */
      REDIS_URL: z.string().url().optional(),
      /** Proxies in front of the router that append to X-Forwarded-For; 0 trusts only the socket's address. */
      TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
      RATE_LIMIT_REQUESTS_PER_ADDRESS: count(600, 1_000_000),
      RATE_LIMIT_REQUESTS_PER_ACCOUNT: count(600, 1_000_000),
      RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT: count(5, 1_000),
      RATE_LIMIT_LOGIN_LOCKOUT_SECONDS: count(900, 86_400),
      RATE_LIMIT_LOGIN_FAILURES_PER_ADDRESS: count(30, 100_000),
      RATE_LIMIT_SIGNUPS_PER_ADDRESS: count(10, 100_000),
      RATE_LIMIT_ORDERS_PER_ACCOUNT: count(30, 100_000),
      RATE_LIMIT_ORDERS_PER_ADDRESS: count(60, 100_000),
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
  const rateLimits: RateLimits | null = parsed.RATE_LIMITS
    ? {
        requestsPerAddress: parsed.RATE_LIMIT_REQUESTS_PER_ADDRESS,
        requestsPerAccount: parsed.RATE_LIMIT_REQUESTS_PER_ACCOUNT,
        loginFailuresPerAccount: parsed.RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT,
        loginLockoutSeconds: parsed.RATE_LIMIT_LOGIN_LOCKOUT_SECONDS,
        loginFailuresPerAddress: parsed.RATE_LIMIT_LOGIN_FAILURES_PER_ADDRESS,
        signUpsPerAddress: parsed.RATE_LIMIT_SIGNUPS_PER_ADDRESS,
        ordersPerAccount: parsed.RATE_LIMIT_ORDERS_PER_ACCOUNT,
        ordersPerAddress: parsed.RATE_LIMIT_ORDERS_PER_ADDRESS,
      }
    : null;
  const ownSubgraphs = new Set(parsed.OWN_SUBGRAPHS ?? readSupergraphConfig(path.join(repoRoot, "supergraph.yaml"), {}).subgraphs.map((s) => s.name));
  const foreignFeeds = parsed.CACHE_CHANGE_FEEDS?.filter((name) => !ownSubgraphs.has(name)) ?? [];
  if (foreignFeeds.length > 0) {
    throw new ConfigError(`CACHE_CHANGE_FEEDS names ${foreignFeeds.join(", ")}, not in OWN_SUBGRAPHS: a change feed is read with our credential, which only our own subgraphs receive`);
  }
  const sessionSubgraph = parsed.SESSION_SUBGRAPH === undefined ? (ownSubgraphs.has("users") ? "users" : undefined) : parsed.SESSION_SUBGRAPH.trim() || undefined;
  if (sessionSubgraph && !ownSubgraphs.has(sessionSubgraph)) {
    throw new ConfigError(`SESSION_SUBGRAPH names ${sessionSubgraph}, not in OWN_SUBGRAPHS: the session cookie's token goes only to one of our own subgraphs`);
  }
  return {
    ...parsed,
    TRUSTED_DOCUMENTS_ONLY: parsed.TRUSTED_DOCUMENTS_ONLY ?? parsed.NODE_ENV === "production",
    metricsPort: parsed.METRICS_PORT ?? (parsed.PORT === 0 ? 0 : 9464),
    metricsHost: parsed.METRICS_HOST ?? parsed.HOST,
    supergraph: supergraphSource(parsed),
    /** The subgraph that keeps sessions; undefined: sessions off. */
    sessionSubgraph,
    sessionCookie: { secure: parsed.SESSION_COOKIE_SECURE ?? parsed.NODE_ENV === "production" },
    ownSubgraphs,
    /** The subgraphs whose change feeds the caches follow; undefined: discover them in each supergraph. */
    cacheChangeFeeds: parsed.CACHE_CHANGE_FEEDS,
    limits,
    maxResponseBytes: parseSize(parsed.RESPONSE_MAX_SIZE),
    rateLimits,
    jwtSecret: secret("JWT_SECRET", env),
    /** The router's own key: SERVICE_SIGNING_KEY, else derived from SUBGRAPH_SECRET (service-keys.ts). */
    signingKey: signingKeyFromEnv(ROUTER_ISSUER, env),
  };
}

export type SupergraphSource = { kind: "file"; file: string } | { kind: "compose"; configFile: string };

/**
 * What the router serves: SUPERGRAPH_FILE when set; else SUPERGRAPH_CONFIG composed at start; else, in
 * production, the committed supergraph.graphql that CI composed and checked, and in development the
 * repository's supergraph.yaml composed at start.
 */
function supergraphSource(env: { SUPERGRAPH_FILE?: string | undefined; SUPERGRAPH_CONFIG?: string | undefined; NODE_ENV: string }): SupergraphSource {
  if (env.SUPERGRAPH_FILE) return { kind: "file", file: path.resolve(env.SUPERGRAPH_FILE) };
  if (env.SUPERGRAPH_CONFIG) return { kind: "compose", configFile: path.resolve(env.SUPERGRAPH_CONFIG) };
  if (env.NODE_ENV === "production") return { kind: "file", file: path.join(repoRoot, "supergraph.graphql") };
  return { kind: "compose", configFile: path.join(repoRoot, "supergraph.yaml") };
}

/**
 * The environment with command-line switches applied: `--trusted-only` sets TRUSTED_DOCUMENTS_ONLY,
 * `--supergraph <file>` SUPERGRAPH_FILE and `--port <n>` PORT (switches win over the environment).
 */
export function withArguments(env: NodeJS.ProcessEnv, argv: string[]): NodeJS.ProcessEnv {
  let values: { "trusted-only"?: boolean; supergraph?: string; port?: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { "trusted-only": { type: "boolean" }, supergraph: { type: "string" }, port: { type: "string" } },
    }));
  } catch (error) {
    throw new ConfigError(`${(error as Error).message} (the router takes --supergraph <file>, --port <n>, --trusted-only)`);
  }
  return {
    ...env,
    ...(values["trusted-only"] ? { TRUSTED_DOCUMENTS_ONLY: "true" } : {}),
    ...(values.supergraph ? { SUPERGRAPH_FILE: values.supergraph } : {}),
    ...(values.port ? { PORT: values.port } : {}),
  };
}

export type RouterConfig = ReturnType<typeof loadConfig>;
