// Service-to-service GraphQL calls: signed as the calling service for the end user, with a timeout; a failure to
// get an answer becomes a retryable SERVICE_UNAVAILABLE, while the other service's rule errors keep their code.
import { GraphQLError } from "graphql";
import { Agent } from "undici";
import { graphError } from "./errors.js";
import { REQUEST_ID_HEADER } from "./http-server.js";
import { CREDENTIAL_HEADER, signCredential } from "./identity.js";

/** Codes another service may answer that are the end user's business: they pass through unchanged. */
const FORWARDED_CODES = new Set(["BAD_USER_INPUT", "NOT_FOUND", "FORBIDDEN", "CONFLICT", "INSUFFICIENT_STOCK"]);

export interface ServiceClientOptions {
  /** The calling service: the credential's issuer, which the other service checks for its internal fields. */
  issuer: string;
  /** The other service's name, for messages and logs. */
  target: string;
  /** Its GraphQL endpoint; a function when it is only known later (tests start services on port 0). */
  url: string | (() => string);
  subgraphSecret: string;
  timeoutMs?: number;
}

export interface CallOptions {
  /** The end user the call acts for (the credential's subject). */
  userId: string | null;
  /** Propagated so one request can be followed across services' logs. */
  requestId?: string;
}

/** The other service could not be reached or did not give a usable answer: whether it acted is unknown. */
export function serviceUnavailable(target: string, cause?: unknown): GraphQLError {
  const error = graphError("SERVICE_UNAVAILABLE", `The ${target} service is unavailable; please try again`, { retryable: true });
  if (cause !== undefined) Object.defineProperty(error, "cause", { value: cause, enumerable: false });
  return error;
}

/** True when `error` says an outcome is unknown and the same request may be retried. */
export function isServiceUnavailable(error: unknown): boolean {
  return error instanceof GraphQLError && error.extensions.code === "SERVICE_UNAVAILABLE";
}

export interface ServiceClient {
  request<D>(query: string, variables: Record<string, unknown>, call: CallOptions): Promise<D>;
  close(): Promise<void>;
}

export function createServiceClient(options: ServiceClientOptions): ServiceClient {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const agent = new Agent({ connections: 20, keepAliveTimeout: 30_000, connect: { timeout: Math.min(timeoutMs, 5_000) } });
  const url = typeof options.url === "function" ? options.url : () => options.url as string;
  // The parsed endpoint, parsed again only when the function's answer changes (tests restart services on new ports).
  let endpoint: { href: string; origin: string; path: string } | undefined;
  const target = () => {
    const href = url();
    if (endpoint?.href !== href) {
      const parsed = new URL(href);
      endpoint = { href, origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
    }
    return endpoint;
  };
  return {
    async request<D>(query: string, variables: Record<string, unknown>, call: CallOptions): Promise<D> {
      const headers: Record<string, string> = {
        "content-type": "application/json",
        [CREDENTIAL_HEADER]: await signCredential(options.subgraphSecret, { issuer: options.issuer, userId: call.userId }),
      };
      if (call.requestId) headers[REQUEST_ID_HEADER] = call.requestId;
      let body: { data?: D | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
      try {
        // undici's request() rather than its fetch(): the same keep-alive pool without the WHATWG layers (the
        // router's subgraph fetches cost about 30% less CPU this way, see router/src/subgraph-source.ts).
        const { origin, path } = target();
        const response = await agent.request({
          origin,
          path,
          method: "POST",
          headers,
          body: JSON.stringify({ query, variables }),
          signal: AbortSignal.timeout(timeoutMs),
        });
        body = (await response.body.json()) as typeof body;
        if (response.statusCode >= 300 && !body.errors?.length) throw new Error(`HTTP ${response.statusCode}`);
      } catch (error) {
        throw serviceUnavailable(options.target, error);
      }
      const first = body.errors?.[0];
      if (first) {
        const code = String(first.extensions?.code ?? "");
        if (FORWARDED_CODES.has(code)) {
          const { code: _code, serviceName: _service, stacktrace: _stack, ...extra } = first.extensions ?? {};
          throw graphError(code as "NOT_FOUND", first.message, extra);
        }
        // Anything else (an internal error, a refused credential, a schema mismatch) is not the user's doing.
        throw serviceUnavailable(options.target, new Error(`${options.target} answered ${code || "an error"}: ${first.message}`));
      }
      if (!body.data) throw serviceUnavailable(options.target, new Error(`${options.target} answered no data`));
      return body.data;
    },
    /** Idempotent: a service stopped twice (a test that killed it, then the stack's stop) closes once. */
    close: async () => {
      if (!agent.closed && !agent.destroyed) await agent.close();
    },
  };
}
