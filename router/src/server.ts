// Builds the router: @apollo/gateway inside Apollo Server 5 on express. Assembly only: each concern lives in
// its own module (plugins/*, subgraph-source.ts, hot-reload.ts).
import http from "node:http";
import { ApolloGateway } from "@apollo/gateway";
import { ApolloServer, type ApolloServerOptionsWithGateway } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import { expressMiddleware } from "@as-integrations/express5";
import { createApp, createRegistry, jsonErrorHandler, listen, type Listening } from "@shop/shared/http-server";
import { createLogger, type Logger } from "@shop/shared/logger";
import express from "express";
import { createCaching } from "./caching.ts";
import type { RouterConfig } from "./config.ts";
import type { RouterContext } from "./context.ts";
import { supergraphHook } from "./hot-reload.ts";
import { authenticate } from "./plugins/auth.ts";
import { corsMiddleware, csrfPrevention } from "./plugins/cors-csrf.ts";
import { formatRouterError } from "./plugins/errors.ts";
import { costLimitPlugin, limitRules, parseLimits } from "./plugins/limits.ts";
import { loggingPlugin } from "./plugins/logging.ts";
import { createRouterMetrics } from "./plugins/metrics.ts";
import { loadManifest, PersistedQueryCache, trustedDocumentsPlugin } from "./plugins/persisted-operations.ts";
import { wholeResponseCache } from "./plugins/response-cache.ts";
import { createSubgraphAgent, SubgraphSource } from "./subgraph-source.ts";
import { readSupergraphConfig, type SupergraphConfig } from "./supergraph.ts";

export interface RunningRouter extends Listening {
  /** The GraphQL endpoint (also served at /graphql). */
  url: string;
  /** Refuses new requests, lets in-flight ones finish, stops watching files. */
  stop(): Promise<void>;
}

export interface RouterOptions {
  /** Subgraphs to compose; read from config.SUPERGRAPH_CONFIG when absent. */
  supergraph?: SupergraphConfig;
  /** `<NAME>_URL` overrides applied when reading SUPERGRAPH_CONFIG (default: the process environment). */
  subgraphUrls?: NodeJS.ProcessEnv;
  logger?: Logger;
}

/** Every subgraph's /ready must answer for the router to be ready. */
async function subgraphsReady(supergraph: SupergraphConfig): Promise<void> {
  await Promise.all(
    supergraph.subgraphs.map(async (subgraph) => {
      const response = await fetch(new URL("/ready", subgraph.url), { signal: AbortSignal.timeout(2_000) });
      if (!response.ok) throw new Error(`${subgraph.name} is not ready (${response.status})`);
    }),
  );
}

export async function startRouter(config: RouterConfig, options: RouterOptions = {}): Promise<RunningRouter> {
  const logger = options.logger ?? createLogger("router", config.LOG_LEVEL);
  const production = config.NODE_ENV === "production";
  const registry = createRegistry("router");
  const metrics = createRouterMetrics(registry);
  const trusted = config.TRUSTED_DOCUMENTS_ONLY ? loadManifest(config.PERSISTED_QUERIES_MANIFEST) : null;

  let current: SupergraphConfig | undefined;
  let stopping = false;
  const agent = createSubgraphAgent(config.SUBGRAPH_TIMEOUT_MS);
  const subgraphUrls = new Map<string, string>();
  const caching = createCaching(config, { agent, metrics, logger, subgraphUrl: (name) => subgraphUrls.get(name) });
  // @apollo/gateway reports usage to Apollo's servers and probes cloud metadata endpoints (the GCP/AWS/Azure
  // resource detectors) unless this is set: a router must not phone home on its own.
  process.env.APOLLO_TELEMETRY_DISABLED ??= "true";
  const gateway = new ApolloGateway({
    supergraphSdl: supergraphHook({
      load: () => options.supergraph ?? readSupergraphConfig(config.SUPERGRAPH_CONFIG, options.subgraphUrls ?? process.env),
      configFile: options.supergraph ? undefined : config.SUPERGRAPH_CONFIG,
      watch: config.SUPERGRAPH_WATCH,
      pollMs: config.SUPERGRAPH_POLL_MS,
      logger,
      metrics,
      onComposed: (supergraph) => {
        current = supergraph;
        caching?.cache.purge("supergraph");
      },
    }),
    buildService: ({ name, url }) => {
      subgraphUrls.set(name, url!);
      const timeoutMs = config.SUBGRAPH_TIMEOUT_MS;
      const { subgraphSecret } = config;
      return new SubgraphSource({ name, url: url!, subgraphSecret, agent, timeoutMs, metrics, logger, retries: config.SUBGRAPH_RETRIES, cache: caching?.cache, dedupe: caching?.dedupe });
    },
  });

  const app = createApp({
    ready: async () => {
      if (stopping || !current) throw new Error(stopping ? "shutting down" : "no supergraph composed yet");
      await subgraphsReady(current);
    },
    registry,
    logger,
  });
  const httpServer = http.createServer(app);
  const apollo = new ApolloServer<RouterContext>({
    // @apollo/gateway implements an older copy of the same interface; the shapes agree at runtime.
    gateway: gateway as unknown as ApolloServerOptionsWithGateway<RouterContext>["gateway"],
    introspection: !production,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: production,
    csrfPrevention,
    allowBatchedHttpRequests: false,
    persistedQueries: { cache: new PersistedQueryCache(trusted) },
    parseOptions: parseLimits(config.limits),
    validationRules: limitRules(config.limits),
    formatError: formatRouterError(),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      production ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault({ embed: true }),
      loggingPlugin(logger, metrics.graphql),
      ...(trusted ? [trustedDocumentsPlugin<RouterContext>(trusted)] : []),
      costLimitPlugin<RouterContext>(config.limits),
      ...(caching && config.RESPONSE_CACHE_WHOLE ? wholeResponseCache(caching, config.RESPONSE_CACHE_WHOLE_MAX_MB * 2 ** 20, metrics.responseCacheLookups) : []),
    ],
  });
  await apollo.start();
  caching?.feed.start();

  const graphql = [
    corsMiddleware(config.CORS_ORIGINS),
    express.json({ limit: config.BODY_LIMIT }),
    expressMiddleware(apollo, {
      context: async ({ req, res }): Promise<RouterContext> => ({
        requestId: res.locals.requestId as string,
        userId: await authenticate(req, config.jwtSecret),
        subgraphFetches: [],
      }),
    }),
  ];
  app.all("/", ...graphql);
  app.all("/graphql", ...graphql);
  app.use(jsonErrorHandler(logger));

  const listening = await listen(httpServer, config.PORT, config.HOST);
  logger.info(
    { url: listening.url, subgraphs: current?.subgraphs.map((s) => s.name), trustedDocumentsOnly: Boolean(trusted), production },
    "router ready",
  );
  return {
    ...listening,
    stop: async () => {
      stopping = true;
      caching?.feed.stop();
      await apollo.stop();
      logger.info("router stopped");
    },
  };
}
