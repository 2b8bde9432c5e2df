// Service-to-service GraphQL calls: signed as the calling service for the end user, with a timeout; a failure to
// get an answer becomes a retryable SERVICE_UNAVAILABLE, while the other service's rule errors keep their code.
import { GraphQLError } from "graphql";
import { Agent } from "undici";
import { graphError } from "./errors.ts";
import { REQUEST_ID_HEADER } from "./http-server.ts";
import { CREDENTIAL_HEADER, signCredential } from "./identity.ts";

/** Codes another service may answer that are the end user's business: they pass through unchanged. */
const FORWARDED_CODES = new Set(["BAD_USER_INPUT", "NOT_FOUND", "FORBIDDEN", "CONFLICT", "INSUFFICIENT_STOCK"]);

export interface ServiceClientOptions {
  /** The calling service: the credential's issuer, which the other service checks for its internal fields. */
  issuer: string;
  /** The other service's name, for messages and logs. */
  target: string;
  /** Its GraphQL endpoint; a function when it is only known later (tests start services on port 0). */
  url: string | (() => string);
  /** The key this service signs its credentials to the target with: keyToward(own keys, target) in service-keys.ts. */
  key: string;
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

/**
 * The error to throw for the first error another service answered: the end user's business (FORWARDED_CODES) passes
 * through with its code and details; anything else (an internal error, a refused credential, a schema mismatch) is
 * not the user's doing and becomes SERVICE_UNAVAILABLE.
 */
export function answeredError(target: string, first: { message: string; extensions?: Record<string, unknown> }): GraphQLError {
  const code = String(first.extensions?.code ?? "");
  if (FORWARDED_CODES.has(code)) {
    const { code: _code, serviceName: _service, stacktrace: _stack, ...extra } = first.extensions ?? {};
    return graphError(code as "NOT_FOUND", first.message, extra);
  }
  return serviceUnavailable(target, new Error(`${target} answered ${code || "an error"}: ${first.message}`));
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
      // Bound to this very operation, as the router's are: a captured header is good for nothing else.
      const operation = { query, variables };
      const headers: Record<string, string> = {
        "content-type": "application/json",
        [CREDENTIAL_HEADER]: await signCredential(options.key, { issuer: options.issuer, userId: call.userId }, operation),
      };
      if (call.requestId) headers[REQUEST_ID_HEADER] = call.requestId;
      let body: { data?: D | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
      try {
        // undici's request() rather than its fetch(): the same keep-alive pool without the WHATWG layers (the
        // router's subgraph fetches cost about 30% less CPU this way, see router/src/fetch/send.ts).
        const { origin, path } = target();
        const response = await agent.request({
          origin,
          path,
          method: "POST",
          headers,
          body: JSON.stringify(operation),
          signal: AbortSignal.timeout(timeoutMs),
        });
        body = (await response.body.json()) as typeof body;
        if (response.statusCode >= 300 && !body.errors?.length) throw new Error(`HTTP ${response.statusCode}`);
      } catch (error) {
        throw serviceUnavailable(options.target, error);
      }
      const first = body.errors?.[0];
      if (first) throw answeredError(options.target, first);
      if (!body.data) throw serviceUnavailable(options.target, new Error(`${options.target} answered no data`));
      return body.data;
    },
    /** Idempotent: a service stopped twice (a test that killed it, then the stack's stop) closes once. */
    close: async () => {
      if (!agent.closed && !agent.destroyed) await agent.close();
    },
  };
}

/**
 * One field of another service's Mutation as a typed function: `variables` declares the operation's variables
 * (e.g. "$orderId: ID!"), each passed as the field's argument of the same name; the answer is the field's value,
 * with `selection` selected. Called as the end user `userId`.
 */
export function serviceMutation<V extends Record<string, unknown>, T>(client: ServiceClient, field: string, variables: string, selection: string) {
  const args = [...variables.matchAll(/\$(\w+)/g)].map(([, name]) => `${name}: $${name}`).join(", ");
  const query = `mutation (${variables}) { ${field}(${args}) { ${selection} } }`;
  return async (userId: string, values: V, requestId?: string): Promise<T> => {
    const data = await client.request<Record<string, T>>(query, values, { userId, requestId });
    return data[field] as T;
  };
}
