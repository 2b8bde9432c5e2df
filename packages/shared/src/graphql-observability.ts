// Per-request GraphQL logs and Prometheus metrics, shared by the router and the subgraphs: one log line per
// operation (request id, operation name, duration, error codes), request/error counters and a latency histogram.
import type { ApolloServerPlugin, GraphQLRequestContext } from "@apollo/server";
import type { GraphQLError } from "graphql";
import { Counter, Histogram, type Registry } from "prom-client";
import { PUBLIC_CODES } from "./errors.ts";
import { type Caller, ROUTER_ISSUER } from "./identity.ts";
import type { Logger } from "./logger.ts";

const MAX_OPERATION_LABELS = 200;

/**
 * Operation names become metric labels; clients choose them, so keep the label set bounded: names that
 * are not plain identifiers, and any beyond the first MAX_OPERATION_LABELS, count as "other".
 */
export function operationLabeller(): (name: string | null | undefined) => string {
  const seen = new Set<string>();
  return (name) => {
    if (!name) return "anonymous";
    if (!/^[A-Za-z_]\w{0,63}$/.test(name)) return "other";
    if (seen.has(name)) return name;
    if (seen.size >= MAX_OPERATION_LABELS) return "other";
    seen.add(name);
    return name;
  };
}

export function errorCode(error: GraphQLError): string {
  return String(error.extensions?.code ?? "INTERNAL_SERVER_ERROR");
}

export interface GraphQLMetrics {
  requests: Counter<"operation" | "type">;
  errors: Counter<"code">;
  duration: Histogram<"operation" | "type">;
}

export function createGraphQLMetrics(registry: Registry): GraphQLMetrics {
  return {
    requests: new Counter({
      name: "graphql_requests_total",
      help: "GraphQL operations received, by operation name and type",
      labelNames: ["operation", "type"],
      registers: [registry],
    }),
    errors: new Counter({
      name: "graphql_errors_total",
      help: "GraphQL errors returned, by extensions.code",
      labelNames: ["code"],
      registers: [registry],
    }),
    duration: new Histogram({
      name: "graphql_request_duration_seconds",
      help: "Time from receiving a GraphQL operation to sending its response",
      labelNames: ["operation", "type"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
  };
}

export interface ObservabilityOptions<Context> {
  logger: Logger;
  metrics: GraphQLMetrics;
  /** The request id of a request's context. */
  requestId: (context: Context) => string | undefined;
  /** Extra fields for the request's log line (the router adds its subgraph timings). */
  logFields?: (context: Context) => Record<string, unknown>;
  /** The level of a request's log line; by default internalCallsAtDebug. */
  logLevel?: (context: Context) => "info" | "debug";
}

/**
 * A subgraph logs the operations the router forwards for clients at info, and at debug those of internal callers
 * (the router's change-feed poll every 250 ms, one service's calls to another within a checkout the router
 * already logged): otherwise a quiet shop prints four lines a second. A context without a caller (the router's own)
 * logs at info. Errors are logged whatever the caller.
 */
export function internalCallsAtDebug(context: object): "info" | "debug" {
  const caller = (context as { caller?: Partial<Caller> }).caller;
  return caller?.issuer && caller.issuer !== ROUTER_ISSUER ? "debug" : "info";
}

/** Logs every operation once when its response is sent, and errors with their detail under the request id. */
export function observabilityPlugin<Context extends object>(options: ObservabilityOptions<Context>): ApolloServerPlugin<Context> {
  const { logger, metrics, logLevel = internalCallsAtDebug } = options;
  const label = operationLabeller();
  return {
    async requestDidStart({ contextValue }) {
      const started = process.hrtime.bigint();
      const requestId = options.requestId(contextValue);
      return {
        async didEncounterErrors({ errors, operationName }) {
          for (const error of errors) {
            const code = errorCode(error);
            metrics.errors.inc({ code });
            const internal = !PUBLIC_CODES.has(code) || error.extensions?.response !== undefined;
            const fields = { requestId, operationName, code, path: error.path, service: error.extensions?.serviceName };
            if (internal) logger.error({ ...fields, err: error.originalError ?? error }, error.message);
            else logger.debug(fields, error.message);
          }
        },
        async willSendResponse(requestContext: GraphQLRequestContext<Context>) {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          const operation = label(requestContext.operationName);
          const type = requestContext.operation?.operation ?? "unknown";
          metrics.requests.inc({ operation, type });
          metrics.duration.observe({ operation, type }, seconds);
          // The line is built only when its level is on (a subgraph at LOG_LEVEL=warn logs none of them).
          const level = logLevel(requestContext.contextValue);
          if (!logger.isLevelEnabled(level)) return;
          const errors = requestContext.errors?.map(errorCode);
          logger[level](
            {
              requestId,
              operationName: requestContext.operationName ?? null,
              type,
              durationMs: Math.round(seconds * 10_000) / 10,
              ...(errors?.length ? { errors } : {}),
              ...options.logFields?.(requestContext.contextValue),
            },
            "graphql request",
          );
        },
      };
    },
  };
}
