// How the router talks to subgraphs: undici with keep-alive and a timeout, the caller's identity signed and
// bound to each fetch's operation, the request id, per-fetch timings, and a bounded retry for queries.
import { setTimeout as delay } from "node:timers/promises";
import { RemoteGraphQLDataSource } from "@apollo/gateway";
import { GraphQLDataSourceRequestKind, type GraphQLDataSourceProcessOptions } from "@apollo/gateway/dist/datasources/types.js";
import { context as otelContext, propagation } from "@opentelemetry/api";
import { CREDENTIAL_HEADER, ROUTER_ISSUER, signCredential } from "@shop/shared/identity";
import { REQUEST_ID_HEADER } from "@shop/shared/http-server";
import { Agent, fetch as undiciFetch } from "undici";
import type { Logger } from "@shop/shared/logger";
import type { RouterContext } from "./context.ts";
import type { RouterMetrics } from "./plugins/metrics.ts";
import { outageResponse } from "./subgraph-outage.ts";

type Fetcher = RemoteGraphQLDataSource["fetcher"];

export function createFetcher(timeoutMs: number): Fetcher {
  const agent = new Agent({ connections: 50, keepAliveTimeout: 30_000, connect: { timeout: Math.min(timeoutMs, 5_000) } });
  const fetcher = (url: string, init?: Record<string, unknown>) =>
    undiciFetch(url, { ...(init as object), dispatcher: agent, signal: AbortSignal.timeout(timeoutMs) });
  return fetcher as unknown as Fetcher;
}

const CONNECTION_ERRORS = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "UND_ERR_CONNECT_TIMEOUT"]);

/**
 * True when the request never reached the subgraph or the connection broke: worth another attempt for a
 * read. Timeouts are not retried: the subgraph may still be working on the first attempt.
 */
export function isConnectionError(error: unknown): boolean {
  for (let current = error, depth = 0; current && typeof current === "object" && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && CONNECTION_ERRORS.has(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

export interface SubgraphSourceOptions {
  name: string;
  url: string;
  subgraphSecret: string;
  /**
   * Send the signed credential (with the caller's identity) and the request id: true only for our own
   * subgraphs, never for a foreign one (trace context, a W3C standard, goes to every subgraph).
   */
  forwardIdentity: boolean;
  fetcher: Fetcher;
  metrics: RouterMetrics;
  logger: Logger;
  /** Extra attempts for a query's fetch after a connection error (mutations are never retried). */
  retries: number;
  retryDelayMs?: number;
}

export class SubgraphSource extends RemoteGraphQLDataSource<RouterContext> {
  private readonly options: SubgraphSourceOptions;

  constructor(options: SubgraphSourceOptions) {
    super({ url: options.url, fetcher: options.fetcher });
    this.options = options;
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<RouterContext>) {
    if (!request.http) return;
    if (this.options.forwardIdentity) {
      // Health checks and schema loading run without a request context: they act as nobody.
      const userId = context?.userId ?? null;
      const credential = await signCredential(this.options.subgraphSecret, { issuer: ROUTER_ISSUER, userId }, request);
      request.http.headers.set(CREDENTIAL_HEADER, credential);
      if (context?.requestId) request.http.headers.set(REQUEST_ID_HEADER, context.requestId);
    }
    // W3C trace context of the gateway's fetch span, so the subgraph's spans join the trace (a no-op unless
    // tracing is on: see packages/shared/src/tracing.ts). undici is not instrumented, hence by hand.
    const headers = request.http.headers;
    propagation.inject(otelContext.active(), headers, { set: (carrier, key, value) => carrier.set(key, value) });
  }

  override async process(options: GraphQLDataSourceProcessOptions<RouterContext>) {
    const { name, metrics, retries } = this.options;
    // Only a client's query may be sent twice; a mutation's fetches might have had effects.
    const idempotent =
      options.kind === GraphQLDataSourceRequestKind.INCOMING_OPERATION && options.incomingRequestContext.operation?.operation === "query";
    const started = performance.now();
    let attempts = 0;
    let ok = false;
    try {
      for (;;) {
        attempts++;
        try {
          const response = await super.process(options);
          ok = true;
          return response;
        } catch (error) {
          if (!idempotent || attempts > retries || !isConnectionError(error)) {
            if (options.kind !== GraphQLDataSourceRequestKind.INCOMING_OPERATION) throw error;
            this.options.logger.error({ err: error, subgraph: name, requestId: options.context.requestId, attempts }, "subgraph fetch failed");
            return outageResponse(options.request, options.document);
          }
          metrics.subgraphRetries.inc({ subgraph: name });
          await delay((this.options.retryDelayMs ?? 50) * attempts);
        }
      }
    } finally {
      const durationMs = performance.now() - started;
      metrics.subgraphFetch.observe({ subgraph: name, outcome: ok ? "ok" : "error" }, durationMs / 1000);
      if (options.kind === GraphQLDataSourceRequestKind.INCOMING_OPERATION) {
        options.context.subgraphFetches?.push({ subgraph: name, durationMs: Math.round(durationMs * 10) / 10, ok, attempts });
      }
    }
  }
}
