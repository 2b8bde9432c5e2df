// One JSON log line per operation: request id, operation name, duration, error codes and the timing of
// every subgraph fetch it made; internal errors logged in full under the same request id.
import type { ApolloServerPlugin } from "@apollo/server";
import { type GraphQLMetrics, observabilityPlugin } from "@shop/shared/graphql-observability";
import type { Logger } from "@shop/shared/logger";
import type { RouterContext } from "../context.ts";

export function loggingPlugin(logger: Logger, metrics: GraphQLMetrics): ApolloServerPlugin<RouterContext> {
  return observabilityPlugin<RouterContext>({
    logger,
    metrics,
    requestId: (context) => context.requestId,
    logFields: (context) => (context.subgraphFetches.length ? { subgraphs: context.subgraphFetches } : {}),
  });
}
