// What clients may see of an error: a message and a code. Everything else (stack traces, subgraph
// hostnames, SQL, ECONNREFUSED) stays in the logs under the request id.
import type { GraphQLFormattedError } from "graphql";
import { PUBLIC_CODES } from "@shop/shared/errors";
import type { Logger } from "@shop/shared/logger";

/** Errors the gateway raises when a subgraph could not be reached or answered garbage. */
function isSubgraphFailure(formatted: GraphQLFormattedError): boolean {
  const code = formatted.extensions?.code;
  return (
    code === "SUBREQUEST_HTTP_ERROR" ||
    code === "SUBREQUEST_MALFORMED_RESPONSE" ||
    /ECONNREFUSED|ECONNRESET|fetch failed|timeout|aborted|socket/i.test(formatted.message)
  );
}

export function formatRouterError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = String(formatted.extensions?.code ?? "INTERNAL_SERVER_ERROR");
    const base = { path: formatted.path, locations: formatted.locations };
    if (PUBLIC_CODES.has(code)) {
      const { stacktrace: _s, serviceName: _n, exception: _e, ...extensions } = formatted.extensions ?? {};
      return { message: formatted.message, ...base, extensions: { ...extensions, code } };
    }
    logger.error({ err: error, code, path: formatted.path, service: formatted.extensions?.serviceName }, formatted.message);
    if (isSubgraphFailure(formatted)) {
      return { message: "A service needed for this field is unavailable; try again shortly", ...base, extensions: { code: "SERVICE_UNAVAILABLE" } };
    }
    return { message: "Internal server error", ...base, extensions: { code: "INTERNAL_SERVER_ERROR" } };
  };
}
