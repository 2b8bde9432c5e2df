// The error vocabulary of the graph: every error a client sees carries one of these codes.
import { GraphQLError } from "graphql";

export type ErrorCode =
  | "BAD_USER_INPUT"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "INSUFFICIENT_STOCK"
  | "IDEMPOTENCY_KEY_REUSED"
  | "SERVICE_UNAVAILABLE"
  | "RATE_LIMITED"
  | "ORDER_LIMIT_REACHED"
  | "INTERNAL_SERVER_ERROR";

export function graphError(code: ErrorCode, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extra } });
}

export const badUserInput = (message: string, field?: string) =>
  graphError("BAD_USER_INPUT", message, field ? { field } : {});
export const unauthenticated = (message = "You must be logged in") => graphError("UNAUTHENTICATED", message);
export const forbidden = (message = "You are not allowed to do this") => graphError("FORBIDDEN", message);
export const notFound = (what: string) => graphError("NOT_FOUND", `${what} not found`);

/** Codes whose messages were written for clients; anything else is masked. */
export const PUBLIC_CODES = new Set<string>([
  "BAD_USER_INPUT",
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT",
  "INSUFFICIENT_STOCK",
  "IDEMPOTENCY_KEY_REUSED",
  "SERVICE_UNAVAILABLE",
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
  "BAD_REQUEST",
  "PERSISTED_QUERY_NOT_IN_LIST",
  "COST_ESTIMATED_TOO_EXPENSIVE",
  "RATE_LIMITED",
  "ORDER_LIMIT_REACHED",
  "RESPONSE_TOO_LARGE",
]);
