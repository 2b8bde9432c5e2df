// Builds the Apollo server around the gateway: what clients may send (limits, CSRF prevention, persisted and
// trusted operations), what they see of errors, and the plugins, one concern each (plugins/).
import type http from "node:http";
import type { ApolloGateway } from "@apollo/gateway";
import { ApolloServer, type ApolloServerOptionsWithGateway } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import type { Logger } from "@shop/shared/logger";
import { authorizingGateway } from "./authorization/enforcement.ts";
import type { AuthorizationRules } from "./authorization/schema-rules.ts";
import type { RouterCaching } from "./cache/caching.ts";
import type { RouterConfig } from "./config.ts";
import type { RouterContext } from "./context.ts";
import { formatRouterError } from "./errors.ts";
import type { Budgets } from "./limits/budgets.ts";
import { rateLimitPlugin } from "./limits/rate-limit-plugin.ts";
import { responseSizePlugin } from "./limits/response-size.ts";
import { csrfPrevention } from "./http/cors-csrf.ts";
import type { RouterMetrics } from "./metrics.ts";
import { costLimitPlugin, limitRules, parseLimits } from "./plugins/limits.ts";
import { loggingPlugin } from "./plugins/logging.ts";
import { operationResolutionPlugin } from "./plugins/operation-resolution.ts";
import { loadManifest, PersistedQueryCache, trustedDocumentsPlugin } from "./plugins/persisted-operations.ts";
import { wholeResponseCache } from "./plugins/response-cache.ts";
import { sessionCookiePlugin } from "./plugins/session-cookie.ts";

export interface ApolloServerDeps {
  gateway: ApolloGateway;
  /** The authorization rules of the supergraph served now (undefined until one loads). */
  authorization: () => AuthorizationRules | undefined;
  /** Drained at stop: in-flight requests finish. */
  httpServer: http.Server;
  caching: RouterCaching | undefined;
  metrics: RouterMetrics;
  logger: Logger;
  /** The supergraph served now (its @cost and @listSize drive the cost limit); undefined before the first loads. */
  supergraphSdl: () => string | undefined;
  /** Rate-limit budgets; undefined with RATE_LIMITS off. */
  budgets: Budgets | undefined;
}

export function buildApolloServer(config: RouterConfig, deps: ApolloServerDeps): ApolloServer<RouterContext> {
  const { caching, metrics } = deps;
  const production = config.NODE_ENV === "production";
  const trusted = config.TRUSTED_DOCUMENTS_ONLY ? loadManifest(config.PERSISTED_QUERIES_MANIFEST) : null;
  return new ApolloServer<RouterContext>({
    // Authorization is enforced between Apollo Server and the gateway, before planning (authorization/).
    gateway: authorizingGateway(deps.gateway, { rules: deps.authorization, mode: config.AUTHORIZATION_MODE }) as unknown as ApolloServerOptionsWithGateway<RouterContext>["gateway"],
    introspection: !production,
    includeStacktraceInErrorResponses: false,
    // stopOnSignals (http-server.ts) owns shutdown; Apollo's own handler would stop the server a second time.
    stopOnTerminationSignals: false,
    hideSchemaDetailsFromClientErrors: production,
    csrfPrevention,
    allowBatchedHttpRequests: false,
    persistedQueries: { cache: new PersistedQueryCache(trusted) },
    parseOptions: parseLimits(config.limits),
    validationRules: limitRules(config.limits),
    formatError: formatRouterError(),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: deps.httpServer }),
      production ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault({ embed: true }),
      loggingPlugin(deps.logger, metrics.graphql),
      ...(deps.budgets ? [rateLimitPlugin(deps.budgets)] : []),
      ...(trusted ? [trustedDocumentsPlugin<RouterContext>(trusted)] : []),
      costLimitPlugin<RouterContext>(config.limits, deps.supergraphSdl),
      responseSizePlugin(config.maxResponseBytes),
      ...(config.sessionSubgraph ? [sessionCookiePlugin(config.sessionCookie)] : []),
      operationResolutionPlugin<RouterContext>(),
      ...(caching && config.RESPONSE_CACHE_WHOLE ? wholeResponseCache(caching, config.RESPONSE_CACHE_WHOLE_MAX_MB * 2 ** 20, metrics.responseCacheLookups) : []),
    ],
  });
}
