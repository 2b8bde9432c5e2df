// What clients may see of an error: a message and a code. Everything else (stack traces, subgraph
// hostnames, SQL, ECONNREFUSED) stays in the logs under the request id (plugins/logging.ts logs it), and the
// client gets that id in the x-request-id response header to quote. Apollo Server's formatError option.
import type { GraphQLFormattedError } from "graphql";
import { PUBLIC_CODES } from "@shop/shared/errors";
import { UNAVAILABLE_MESSAGE as unavailable } from "./fetch/outage.ts";

/** Errors the gateway raises when a subgraph answered with an HTTP error or garbage. */
function isSubgraphHttpFailure(formatted: GraphQLFormattedError): boolean {
  const code = formatted.extensions?.code;
  return code === "SUBREQUEST_HTTP_ERROR" || code === "SUBREQUEST_MALFORMED_RESPONSE" || formatted.extensions?.response !== undefined;
}

/** Errors of a fetch that never got an answer. */
const isConnectionFailure = (formatted: GraphQLFormattedError) =>
  /ECONNREFUSED|ECONNRESET|fetch failed|timeout|aborted|socket/i.test(formatted.message);

/** Apollo Server's automatic-persisted-query hash check raises this without a code of its own (Apollo then gives
 * it INTERNAL_SERVER_ERROR) although it is a client error, answered with status 400. */
const APQ_HASH_MISMATCH = "provided sha does not match query";

export function formatRouterError() {
  return (formatted: GraphQLFormattedError): GraphQLFormattedError => {
    const code = String(formatted.extensions?.code ?? "INTERNAL_SERVER_ERROR");
    const base = { path: formatted.path, locations: formatted.locations };
    if (code === "INTERNAL_SERVER_ERROR" && formatted.message === APQ_HASH_MISMATCH) {
      return {
        message: "extensions.persistedQuery.sha256Hash is not the SHA-256 of the query sent with it",
        ...base,
        extensions: { code: "BAD_REQUEST" },
      };
    }
    // A subgraph's HTTP failure (e.g. 401 when the router's credential is refused) is the router's problem,
    // even when the gateway gives it a public code; its `response` extension names the subgraph's URL.
    if (isSubgraphHttpFailure(formatted)) return { message: unavailable, ...base, extensions: { code: "SERVICE_UNAVAILABLE" } };
    if (PUBLIC_CODES.has(code)) {
      const { stacktrace: _s, serviceName: _n, exception: _e, ...extensions } = formatted.extensions ?? {};
      return { message: formatted.message, ...base, extensions: { ...extensions, code } };
    }
    if (isConnectionFailure(formatted)) return { message: unavailable, ...base, extensions: { code: "SERVICE_UNAVAILABLE" } };
    return { message: "Internal server error", ...base, extensions: { code: "INTERNAL_SERVER_ERROR" } };
  };
}
