// The router's HTTP routes: the probes and /metrics (the shared app), then GraphQL at / and /graphql behind
// CORS, the GraphQL-over-HTTP fixes, the body limit and authentication. The router listens before its supergraph
// loads, so the probes answer meanwhile; GraphQL answers 503 until the Apollo server has started.
import type { ApolloServer } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import { createApp, jsonErrorHandler } from "@shop/shared/http-server";
import type { Logger } from "@shop/shared/logger";
import express from "express";
import type { Registry } from "prom-client";
import type { RouterConfig } from "../config.ts";
import type { RouterContext } from "../context.ts";
import type { SessionCheck } from "../session/check.ts";
import { readSessionCookie } from "../session/cookie.ts";
import type { Budgets } from "../limits/budgets.ts";
import { requestBudget } from "../limits/request-budget.ts";
import { capResponseBody } from "../limits/response-size.ts";
import { authenticate } from "./auth.ts";
import { corsMiddleware } from "./cors-csrf.ts";
import { graphqlOverHttp } from "./graphql-over-http.ts";
import { securityHeaders } from "./security-headers.ts";

/** GraphQL over HTTP is served at both. */
const GRAPHQL_PATHS = ["/", "/graphql"];

export interface RouterRoutesDeps {
  /** Readiness: throws (503) with the reason the router cannot take requests now. */
  ready: () => Promise<void>;
  /** Liveness. */
  healthy: () => boolean;
  registry: Registry;
  /** Checks each access token's session (absent with sessions off). */
  sessions?: SessionCheck | undefined;
  logger: Logger;
  /** Rate-limit budgets; undefined with RATE_LIMITS off. */
  budgets: Budgets | undefined;
}

export interface RouterRoutes {
  app: express.Express;
  /** From now on, GraphQL requests go to `apollo` (started). */
  serveGraphQL(apollo: ApolloServer<RouterContext>): void;
}

export function routerRoutes(config: RouterConfig, deps: RouterRoutesDeps): RouterRoutes {
  // /metrics has its own listener (metrics-listener.ts): the public port never shows the router's internals.
  const app = createApp({ ...deps, serveMetrics: false });
  app.use(securityHeaders(config.NODE_ENV === "production"));
  let graphql: express.Router | undefined;
  app.use((req, res, next) => {
    if (graphql) graphql(req, res, next);
    else if (!GRAPHQL_PATHS.includes(req.path)) next();
    else {
      res.setHeader("retry-after", "1");
      res.status(503).json({ errors: [{ message: "The router has no supergraph loaded yet; try again shortly", extensions: { code: "SERVICE_UNAVAILABLE" } }] });
    }
  });
  app.use(jsonErrorHandler(deps.logger));
  return {
    app,
    serveGraphQL(apollo) {
      graphql = express.Router();
      graphql.all(GRAPHQL_PATHS, [
        requestBudget(deps.budgets, config.TRUSTED_PROXY_HOPS),
        corsMiddleware(config.CORS_ORIGINS),
        graphqlOverHttp(),
        capResponseBody(config.maxResponseBytes),
        express.json({ limit: config.BODY_LIMIT }),
        expressMiddleware(apollo, {
          context: async ({ req, res }): Promise<RouterContext> => ({
            requestId: res.locals.requestId as string,
            clientAddress: res.locals.clientAddress as string,
            ...(await authenticate(req, config.jwtSecret, deps.sessions)),
            refreshToken: config.sessionSubgraph ? readSessionCookie(req.header("cookie"), config.sessionCookie) : null,
            subgraphFetches: [],
          }),
        }),
      ]);
    },
  };
}
