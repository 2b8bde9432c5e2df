// Builds the router: @apollo/gateway inside Apollo Server 5 on express, with auth, CORS, probes and metrics.
import http from "node:http";
import { ApolloGateway } from "@apollo/gateway";
import { ApolloServer, type ApolloServerOptionsWithGateway } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import { expressMiddleware } from "@as-integrations/express5";
import { createApp, createRegistry, listen, type Listening } from "@shop/shared/http-server";
import { createLogger, type Logger } from "@shop/shared/logger";
import cors from "cors";
import express from "express";
import type { RouterConfig } from "./config.ts";
import type { RouterContext } from "./context.ts";
import { authenticate } from "./plugins/auth.ts";
import { formatRouterError } from "./plugins/errors.ts";
import { createFetcher, SubgraphSource } from "./subgraph-source.ts";
import { composeSupergraph, readSupergraphConfig, type SupergraphConfig } from "./supergraph.ts";

export interface RunningRouter extends Listening {
  /** The GraphQL endpoint (also served at /graphql). */
  url: string;
  stop(): Promise<void>;
}

export interface RouterOptions {
  /** Subgraphs to compose; read from config.SUPERGRAPH_CONFIG when absent. */
  supergraph?: SupergraphConfig;
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
  const supergraph = options.supergraph ?? readSupergraphConfig(config.SUPERGRAPH_CONFIG);
  const composed = composeSupergraph(supergraph);
  for (const hint of composed.hints) logger.debug({ code: hint.code }, hint.message);

  const fetcher = createFetcher(config.SUBGRAPH_TIMEOUT_MS);
  const gateway = new ApolloGateway({
    supergraphSdl: composed.supergraphSdl,
    buildService: ({ url }) => new SubgraphSource(url!, config.subgraphSecret, fetcher),
  });

  const registry = createRegistry("router");
  const app = createApp({ ready: () => subgraphsReady(supergraph), registry, logger });
  const httpServer = http.createServer(app);
  const apollo = new ApolloServer<RouterContext>({
    // @apollo/gateway implements an older copy of the same interface; the shapes agree at runtime.
    gateway: gateway as unknown as ApolloServerOptionsWithGateway<RouterContext>["gateway"],
    introspection: !production,
    includeStacktraceInErrorResponses: false,
    formatError: formatRouterError(logger),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      production ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault({ embed: true }),
    ],
  });
  await apollo.start();

  const graphql = [
    cors<cors.CorsRequest>({ origin: config.CORS_ORIGINS, maxAge: 600 }),
    express.json({ limit: config.BODY_LIMIT }),
    expressMiddleware(apollo, {
      context: async ({ req, res }): Promise<RouterContext> => ({
        requestId: res.locals.requestId as string,
        userId: await authenticate(req, config.jwtSecret),
      }),
    }),
  ];
  app.all("/", ...graphql);
  app.all("/graphql", ...graphql);

  const listening = await listen(httpServer, config.PORT, config.HOST);
  logger.info({ url: listening.url, subgraphs: supergraph.subgraphs.map((s) => s.name) }, "router ready");
  return {
    ...listening,
    stop: async () => {
      await apollo.stop();
      logger.info("router stopped");
    },
  };
}
