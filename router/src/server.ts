// Builds the router: @apollo/gateway inside Apollo Server 5 on express, serving a supergraph composed at start
// or a pre-composed file. Assembly only: each concern lives in its own module (plugins/*, fetch/* for the
// subgraph fetch, hot-reload.ts, supergraph.ts, supergraph-file.ts).
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
import { createCaching } from "./cache/caching.ts";
import type { RouterConfig } from "./config.ts";
import type { RouterContext } from "./context.ts";
import { createSubgraphAgent } from "./fetch/send.ts";
import { SubgraphSource } from "./fetch/subgraph-source.ts";
import { type LoadedSupergraph, supergraphHook } from "./hot-reload.ts";
import { createRouterMetrics } from "./metrics.ts";
import { authenticate } from "./plugins/auth.ts";
import { corsMiddleware, csrfPrevention } from "./plugins/cors-csrf.ts";
import { formatRouterError } from "./plugins/errors.ts";
import { graphqlOverHttp, operationResolutionPlugin } from "./plugins/graphql-over-http.ts";
import { costLimitPlugin, limitRules, parseLimits } from "./plugins/limits.ts";
import { loggingPlugin } from "./plugins/logging.ts";
import { loadManifest, PersistedQueryCache, trustedDocumentsPlugin } from "./plugins/persisted-operations.ts";
import { wholeResponseCache } from "./plugins/response-cache.ts";
import { loadComposed, readSupergraphConfig, type SupergraphConfig } from "./supergraph.ts";
import { readSupergraphFile, routingUrl } from "./supergraph-file.ts";

/** GraphQL over HTTP is served at both. */
const GRAPHQL_PATHS = ["/", "/graphql"];

export interface RunningRouter extends Listening {
  /** The GraphQL endpoint (also served at /graphql). */
  url: string;
  /** Refuses new requests, lets in-flight ones finish, stops watching files. */
  stop(): Promise<void>;
}

export interface RouterOptions {
  /** Subgraphs to compose (tests); without it the router serves what config.supergraph names. */
  supergraph?: SupergraphConfig;
  /** `<NAME>_URL` routing URL overrides (default: the process environment). */
  subgraphUrls?: NodeJS.ProcessEnv;
  logger?: Logger;
}

export async function startRouter(config: RouterConfig, options: RouterOptions = {}): Promise<RunningRouter> {
  const logger = options.logger ?? createLogger("router", config.LOG_LEVEL);
  const production = config.NODE_ENV === "production";
  const registry = createRegistry("router");
  const metrics = createRouterMetrics(registry);
  const trusted = config.TRUSTED_DOCUMENTS_ONLY ? loadManifest(config.PERSISTED_QUERIES_MANIFEST) : null;
  const urls = options.subgraphUrls ?? process.env;
  const source = options.supergraph ? undefined : config.supergraph;
  const load = (): LoadedSupergraph => {
    if (!source) return loadComposed(() => options.supergraph!);
    if (source.kind === "file") return { ...readSupergraphFile(source.file, urls), files: [source.file] };
    return loadComposed(() => readSupergraphConfig(source.configFile, urls), source.configFile);
  };

  let current: LoadedSupergraph | undefined;
  let stopping = false;
  const agent = createSubgraphAgent(config.SUBGRAPH_TIMEOUT_MS);
  const caching = createCaching(config, { agent, metrics, logger });
  // @apollo/gateway reports usage to Apollo's servers and probes cloud metadata endpoints (the GCP/AWS/Azure
  // resource detectors) unless this is set: a router must not phone home on its own.
  process.env.APOLLO_TELEMETRY_DISABLED ??= "true";
  const gateway = new ApolloGateway({
    supergraphSdl: supergraphHook({
      load,
      watch: config.SUPERGRAPH_WATCH,
      // A pre-composed file may arrive after the router starts (a deployment step, a config sync).
      waitForFirst: source?.kind === "file",
      pollMs: config.SUPERGRAPH_POLL_MS,
      logger,
      metrics,
      onLoaded: (supergraph) => {
        current = supergraph;
        caching?.supergraphLoaded(supergraph);
      },
    }),
    buildService: ({ name, url }) => {
      // A composed supergraph already carries the overrides; a file carries the URLs it was composed with.
      return new SubgraphSource(name, {
        url: source?.kind === "file" ? routingUrl(name, url!, urls) : url!,
        subgraphSecret: config.subgraphSecret,
        forwardIdentity: config.ownSubgraphs.has(name),
        agent,
        timeoutMs: config.SUBGRAPH_TIMEOUT_MS,
        metrics,
        logger,
        retries: config.SUBGRAPH_RETRIES,
        cache: caching?.cache,
        dedupe: caching?.dedupe,
      });
    },
  });

  const app = createApp({
    // Readiness is the router's own state only. A subgraph that is down costs its fields (partial results with
    // SERVICE_UNAVAILABLE), not the whole API: were the router unready with it, a load balancer would drop every
    // router replica at once. Subgraphs have their own probes; their failures show in subgraph_fetch metrics.
    ready: async () => {
      if (stopping || !current) throw new Error(stopping ? "shutting down" : "no supergraph loaded yet");
    },
    // Liveness: up once a supergraph is loaded (and while draining at stop).
    healthy: () => current !== undefined,
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
      operationResolutionPlugin<RouterContext>(),
      ...(caching && config.RESPONSE_CACHE_WHOLE ? wholeResponseCache(caching, config.RESPONSE_CACHE_WHOLE_MAX_MB * 2 ** 20, metrics.responseCacheLookups) : []),
    ],
  });

  // Listen before the supergraph loads, so the probes answer (503) while it composes or waits for its file.
  let graphqlRoutes: express.Router | undefined;
  app.use((req, res, next) => {
    if (graphqlRoutes) graphqlRoutes(req, res, next);
    else if (!GRAPHQL_PATHS.includes(req.path)) next();
    else {
      res.setHeader("retry-after", "1");
      res.status(503).json({ errors: [{ message: "The router has no supergraph loaded yet; try again shortly", extensions: { code: "SERVICE_UNAVAILABLE" } }] });
    }
  });
  app.use(jsonErrorHandler(logger));
  const listening = await listen(httpServer, config.PORT, config.HOST);
  try {
    await apollo.start();
    caching?.invalidation.start();
  } catch (error) {
    httpServer.closeAllConnections();
    await new Promise((resolve) => httpServer.close(resolve));
    throw error;
  }

  graphqlRoutes = express.Router();
  graphqlRoutes.all(GRAPHQL_PATHS, [
    corsMiddleware(config.CORS_ORIGINS),
    graphqlOverHttp(),
    express.json({ limit: config.BODY_LIMIT }),
    expressMiddleware(apollo, {
      context: async ({ req, res }): Promise<RouterContext> => ({
        requestId: res.locals.requestId as string,
        userId: await authenticate(req, config.jwtSecret),
        subgraphFetches: [],
      }),
    }),
  ]);
  logger.info(
    {
      url: listening.url,
      supergraph: source ? (source.kind === "file" ? source.file : source.configFile) : "(given)",
      subgraphs: current?.subgraphs.map((s) => ({ name: s.name, own: config.ownSubgraphs.has(s.name) })),
      changeFeeds: caching?.invalidation.subgraphs,
      trustedDocumentsOnly: Boolean(trusted),
      production,
    },
    "router ready",
  );
  return {
    ...listening,
    stop: async () => {
      stopping = true;
      caching?.invalidation.stop();
      await apollo.stop();
      logger.info("router stopped");
    },
  };
}
