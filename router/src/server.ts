// Starts the router: @apollo/gateway inside Apollo Server 5 on express. Composition only: the gateway
// (gateway.ts), the Apollo server (apollo-server.ts) and the HTTP routes (http/routes.ts) are built elsewhere;
// this wires them, listens, and stops them in order.
import http from "node:http";
import { createRegistry, listen, type Listening } from "@shop/shared/http-server";
import { credentialKey } from "@shop/shared/identity";
import { SESSION_CHECK_ISSUER } from "@shop/shared/session-transport";
import { createLogger, type Logger } from "@shop/shared/logger";
import { buildApolloServer } from "./apollo-server.ts";
import { createCaching } from "./cache/caching.ts";
import type { RouterConfig } from "./config.ts";
import { createSubgraphAgent } from "./fetch/send.ts";
import { buildGateway } from "./gateway.ts";
import { createBudgets } from "./limits/budgets.ts";
import { createLimiterStore } from "./limits/store.ts";
import { startMetricsListener } from "./http/metrics-listener.ts";
import { routerRoutes } from "./http/routes.ts";
import { createRouterMetrics } from "./metrics.ts";
import { SessionCheck } from "./session/check.ts";
import type { SupergraphConfig } from "./supergraph.ts";

export interface RunningRouter extends Listening {
  /** The GraphQL endpoint (also served at /graphql). */
  url: string;
  /** The Prometheus endpoint, on its own listener (METRICS_PORT). */
  metricsUrl: string;
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
  const registry = createRegistry("router");
  const metrics = createRouterMetrics(registry);
  const agent = createSubgraphAgent(config.SUBGRAPH_TIMEOUT_MS);
  const caching = createCaching(config, { agent, metrics, logger });
  // Declared before the gateway, which tells it of each session grant; it reads the gateway's supergraph for the URL.
  let sessions: SessionCheck | undefined;
  const limiterStore = config.rateLimits ? await createLimiterStore(config.REDIS_URL, logger) : undefined;
  const budgets = limiterStore && config.rateLimits ? createBudgets(limiterStore, config.rateLimits) : undefined;
  const { gateway, current, origin } = buildGateway(config, {
    supergraph: options.supergraph,
    urls: options.subgraphUrls ?? process.env,
    agent,
    caching,
    sessionGrants: (grant, caller) => sessions?.granted(grant, caller),
    metrics,
    logger,
  });
  if (config.sessionSubgraph) {
    const name = config.sessionSubgraph;
    sessions = new SessionCheck({
      url: () => current()?.subgraphs.find((subgraph) => subgraph.name === name)?.url,
      credentialKey: credentialKey(config.signingKey, SESSION_CHECK_ISSUER, name),
      dispatcher: agent,
      ttlMs: config.SESSION_CHECK_TTL_MS,
      timeoutMs: config.SUBGRAPH_TIMEOUT_MS,
      logger,
    });
  }

  let stopping = false;
  const routes = routerRoutes(config, {
    // Readiness is the router's own state only. A subgraph that is down costs its fields (partial results with
    // SERVICE_UNAVAILABLE), not the whole API: were the router unready with it, a load balancer would drop every
    // router replica at once. Subgraphs have their own probes; their failures show in subgraph_fetch metrics.
    ready: async () => {
      if (stopping || !current()) throw new Error(stopping ? "shutting down" : "no supergraph loaded yet");
    },
    // Liveness: up once a supergraph is loaded (and while draining at stop).
    healthy: () => current() !== undefined,
    registry,
    sessions,
    logger,
    budgets,
  });
  const httpServer = http.createServer(routes.app);
  const apollo = buildApolloServer(config, {
    gateway,
    authorization: () => current()?.authorization,
    httpServer,
    caching,
    metrics,
    logger,
    budgets,
    supergraphSdl: () => current()?.supergraphSdl,
  });

  // Listen before the supergraph loads, so the probes answer (503) while it composes or waits for its file.
  const listening = await listen(httpServer, config.PORT, config.HOST);
  const metricsListener = await startMetricsListener(registry, config.metricsPort, config.metricsHost);
  try {
    await apollo.start();
    caching?.invalidation.start();
  } catch (error) {
    httpServer.closeAllConnections();
    await new Promise((resolve) => httpServer.close(resolve));
    await metricsListener.close();
    await limiterStore?.close();
    throw error;
  }
  routes.serveGraphQL(apollo);
  logger.info(
    {
      url: listening.url,
      metrics: `${metricsListener.url}/metrics`,
      supergraph: origin,
      subgraphs: current()?.subgraphs.map((s) => ({ name: s.name, own: config.ownSubgraphs.has(s.name) })),
      changeFeeds: caching?.invalidation.subgraphs,
      trustedDocumentsOnly: config.TRUSTED_DOCUMENTS_ONLY,
      authorization: config.AUTHORIZATION_MODE,
      rateLimits: limiterStore?.kind ?? "off",
      production: config.NODE_ENV === "production",
    },
    "router ready",
  );
  return {
    ...listening,
    metricsUrl: `${metricsListener.url}/metrics`,
    stop: async () => {
      stopping = true;
      caching?.invalidation.stop();
      await apollo.stop();
      await metricsListener.close();
      await limiterStore?.close();
      logger.info("router stopped");
    },
  };
}
