// GraphQL over HTTP (https://graphql.github.io/graphql-over-http/draft/) where Apollo Server 5 falls short:
// the default media type, 415 for bodies it cannot read, 200 for request errors in legacy application/json
// responses (and, in plugins/operation-resolution.ts, a request error rather than a 500 when the gateway cannot
// pick the operation). The rest (Accept negotiation, 406, 405 for mutations over GET, GET queries) Apollo Server
// does itself; see docs/graphql-over-http.md.
import type { RequestHandler } from "express";

export const GRAPHQL_RESPONSE_JSON = "application/graphql-response+json";

/** Content types a browser may POST cross-origin without a preflight: Apollo Server's CSRF check refuses them (400). */
const SIMPLE_CONTENT_TYPES = ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"];
/** Headers that pass Apollo Server's CSRF check because a browser must preflight them. */
const PREFLIGHT_HEADERS = ["apollo-require-preflight", "x-apollo-operation-name"];

function problem(message: string, code: string) {
  return { errors: [{ message, extensions: { code } }] };
}

/**
 * GraphQL request errors of a well-formed request (it parsed as JSON with a string query): the document does
 * not parse or validate, variables do not coerce, no operation can be picked, or our policy refuses the
 * operation (limits, trusted documents). Anything else (a malformed request, CSRF) keeps its 4xx.
 */
const REQUEST_ERROR_CODES = new Set([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_USER_INPUT",
  "OPERATION_RESOLUTION_FAILURE",
  "PERSISTED_QUERY_NOT_IN_LIST",
  "COST_ESTIMATED_TOO_EXPENSIVE",
]);

/** True when a response body is a GraphQL request error: errors with the codes above, and no `data`. */
function isRequestError(body: string): boolean {
  let parsed: { data?: unknown; errors?: Array<{ extensions?: { code?: unknown } }> };
  try {
    parsed = JSON.parse(body);
  } catch {
    return false;
  }
  const errors = parsed?.errors;
  return (
    !("data" in parsed) &&
    Array.isArray(errors) &&
    errors.length > 0 &&
    errors.every((error) => REQUEST_ERROR_CODES.has(String(error.extensions?.code)))
  );
}

/** Mounted on the GraphQL routes before the body parser. */
export function graphqlOverHttp(): RequestHandler {
  return (req, res, next) => {
    // Since 2025-01-01 the spec says a request without Accept is treated as accepting
    // application/graphql-response+json (before, application/json); Apollo Server still picks the latter.
    if (!req.headers.accept) req.headers.accept = GRAPHQL_RESPONSE_JSON;

    // A POST body the router cannot read is 415 Unsupported Media Type (Apollo Server says 400). Simple
    // content types without a preflight header are left to the CSRF check, whose 400 explains what to send.
    const contentType = req.headers["content-type"];
    if (req.method === "POST" && contentType && !req.is("application/json")) {
      const simple = SIMPLE_CONTENT_TYPES.some((type) => req.is(type));
      const preflighted = PREFLIGHT_HEADERS.some((header) => req.headers[header]);
      if (!simple || preflighted) {
        res.status(415).json(problem("Send GraphQL requests as application/json (UTF-8)", "UNSUPPORTED_MEDIA_TYPE"));
        return;
      }
    }

    // application/json is the legacy response type: a proxy may answer 4xx in it too, so the spec asks
    // for 200 whenever the router itself answers a well-formed request (parse, validation, variable and
    // operation errors, our limits); application/graphql-response+json keeps Apollo Server's 400.
    const send = res.send.bind(res);
    res.send = (body?: unknown) => {
      const type = String(res.getHeader("content-type") ?? "");
      if (res.statusCode === 400 && typeof body === "string" && type.startsWith("application/json") && isRequestError(body)) {
        res.statusCode = 200;
      }
      return send(body);
    };
    next();
  };
}
