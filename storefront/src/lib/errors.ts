// Turns whatever an operation failed with into one sentence a shopper can act on, keyed by the API's
// extensions.code; never shows a stack, a URL or a server's internal message.
import { CombinedGraphQLErrors, ServerError } from "@apollo/client/errors";

/** The first `extensions.code` among the GraphQL errors, or a code derived from the HTTP failure. */
export function errorCode(error: unknown): string | undefined {
  if (CombinedGraphQLErrors.is(error)) {
    for (const graphQLError of error.errors) {
      const code = graphQLError.extensions?.code;
      if (typeof code === "string") return code;
    }
    return undefined;
  }
  if (ServerError.is(error)) {
    if (error.statusCode === 401) return "UNAUTHENTICATED";
    if (error.statusCode === 429) return "RATE_LIMITED";
    if (error.statusCode >= 500) return "SERVICE_UNAVAILABLE";
    return undefined;
  }
  if (error instanceof TypeError || (error instanceof Error && error.name === "AbortError")) return "NETWORK_ERROR";
  return undefined;
}

const messages: Record<string, string> = {
  UNAUTHENTICATED: "Please log in to continue.",
  FORBIDDEN: "You are not allowed to do that.",
  NOT_FOUND: "We could not find that.",
  BAD_USER_INPUT: "Some of the details are not valid. Please check them and try again.",
  CONFLICT: "That already exists.",
  INSUFFICIENT_STOCK: "Some items in your cart are no longer available in that quantity. Please adjust your cart.",
  IDEMPOTENCY_KEY_REUSED: "Your cart changed while this request was in flight. Please review it and try again.",
  PAYMENT_DECLINED: "Your card was declined. Nothing was charged. Please try another card.",
  SERVICE_UNAVAILABLE: "The shop is temporarily unavailable. Nothing was charged or changed. Please try again in a moment.",
  PROCESSOR_ERROR: "The payment processor is temporarily unavailable. Nothing was charged. Please try again in a moment.",
  RATE_LIMITED: "Too many requests. Please wait a moment and try again.",
  NETWORK_ERROR: "We could not reach the shop. Check your connection and try again.",
};

/** Codes whose messages our subgraphs write for people (which field is wrong, which email is taken). */
const explainedByServer = new Set(["BAD_USER_INPUT", "CONFLICT", "INSUFFICIENT_STOCK"]);

/** A sentence for the shopper; `overrides` replace the default wording for given codes on a page. */
export function userMessage(error: unknown, overrides: Record<string, string> = {}): string {
  const code = errorCode(error);
  if (code && overrides[code]) return overrides[code];
  if (code && explainedByServer.has(code) && CombinedGraphQLErrors.is(error)) {
    const message = error.errors.find((e) => e.extensions?.code === code)?.message;
    if (message) return message;
  }
  if (code && messages[code]) return messages[code];
  return "Something went wrong. Please try again.";
}

/** Whether retrying the very same request may succeed (the outcome was not decided by the server). */
export function isRetryable(error: unknown): boolean {
  const code = errorCode(error);
  return code === "NETWORK_ERROR" || code === "SERVICE_UNAVAILABLE" || code === "PROCESSOR_ERROR" || code === "RATE_LIMITED";
}
