// How the router talks to subgraphs: undici.request() on a keep-alive Agent with a timeout, the caller's identity
// signed and bound to each fetch's operation, the request id, per-fetch timings, a bounded retry for queries,
// public responses served from the subgraph cache, and identical in-flight queries of one caller sent once.
import { setTimeout as delay } from "node:timers/promises";
import { RemoteGraphQLDataSource } from "@apollo/gateway";
import { GraphQLDataSourceRequestKind, type GraphQLDataSourceProcessOptions } from "@apollo/gateway/dist/datasources/types.js";
import { context as otelContext, propagation } from "@opentelemetry/api";
import { CREDENTIAL_HEADER, ROUTER_ISSUER, signCredential } from "@shop/shared/identity";
import { REQUEST_ID_HEADER } from "@shop/shared/http-server";
import { Agent, request as undiciRequest } from "undici";
import type { Logger } from "@shop/shared/logger";
import type { RouterContext } from "./context.ts";
import type { RouterMetrics } from "./plugins/metrics.ts";
import { type CacheHint, cacheHintOf, type SubgraphCache } from "./subgraph-cache.ts";
import { outageResponse } from "./subgraph-outage.ts";

type GatewayResponse = Awaited<ReturnType<RemoteGraphQLDataSource["process"]>>;

/** One keep-alive connection pool shared by every subgraph (undici keeps one pool per origin inside it). */
export function createSubgraphAgent(timeoutMs: number): Agent {
  return new Agent({ connections: 50, keepAliveTimeout: 30_000, connect: { timeout: Math.min(timeoutMs, 5_000) } });
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
  agent: Agent;
  timeoutMs: number;
  metrics: RouterMetrics;
  logger: Logger;
  /** Extra attempts for a query's fetch after a connection error (mutations are never retried). */
  retries: number;
  retryDelayMs?: number;
  /** Public responses cache; absent when RESPONSE_CACHE=false (which also turns off deduplication). */
  cache?: SubgraphCache;
  /** Share identical in-flight query fetches of one caller (only with the cache on). */
  dedupe?: boolean;
}

/** A subgraph's answer as received: each reader parses its own copy (the gateway writes into responses). */
interface Reply {
  text: string;
  hint: CacheHint;
  attempts: number;
}

export class SubgraphSource extends RemoteGraphQLDataSource<RouterContext> {
  private readonly options: SubgraphSourceOptions;
  /** Identical queries of the same caller in flight now, keyed by body and user. */
  private readonly inflight = new Map<string, Promise<Reply>>();

  constructor(options: SubgraphSourceOptions) {
    super({ url: options.url });
    this.options = options;
  }

  override async process(options: GraphQLDataSourceProcessOptions<RouterContext>): Promise<GatewayResponse> {
    const { name, metrics, cache } = this.options;
    const { query, operationName, variables } = options.request;
    if (!query) throw new Error("Missing query");
    const incoming = options.kind === GraphQLDataSourceRequestKind.INCOMING_OPERATION ? options : undefined;
    // Only a client's query may be sent twice, shared or cached; a mutation's fetches might have had effects.
    const isQuery = incoming?.incomingRequestContext.operation?.operation === "query";
    const policy = incoming?.incomingRequestContext.overallCachePolicy;
    const userId: string | null = incoming?.context.userId ?? null;
    const body = JSON.stringify({ query, operationName, variables });
    const cacheKey = `${name}\n${body}`;
    const started = performance.now();

    const hit = isQuery ? cache?.get(name, cacheKey) : undefined;
    if (hit) {
      policy?.restrict({ maxAge: hit.maxAge, scope: "PUBLIC" });
      incoming?.context.subgraphFetches?.push({ subgraph: name, durationMs: 0, ok: true, attempts: 0, source: "cache" });
      return JSON.parse(hit.body) as GatewayResponse;
    }

    let ok = false;
    let attempts = 0;
    let shared = false;
    try {
      let reply: Promise<Reply>;
      const epoch = cache?.epoch ?? 0;
      // The user is part of the key: one caller's private answer never reaches another.
      const dedupKey = isQuery && cache && this.options.dedupe ? `${cacheKey}\n${userId ?? ""}` : undefined;
      const pending = dedupKey ? this.inflight.get(dedupKey) : undefined;
      if (pending) {
        shared = true;
        metrics.subgraphDeduplicated.inc({ subgraph: name });
        reply = pending;
      } else {
        reply = this.send(body, { query, operationName, variables }, userId, incoming?.context.requestId, isQuery);
        if (dedupKey) {
          reply = reply.finally(() => this.inflight.delete(dedupKey));
          this.inflight.set(dedupKey, reply);
        }
      }
      const { text, hint, attempts: made } = await reply;
      attempts = made;
      policy?.restrict(hint);
      const response = JSON.parse(text) as GatewayResponse;
      if (isQuery && !shared) cache?.set(cacheKey, text, hint, Boolean(response.errors?.length), epoch);
      ok = true;
      return response;
    } catch (error) {
      if (!incoming) throw error;
      this.options.logger.error({ err: error, subgraph: name, requestId: incoming.context.requestId, attempts }, "subgraph fetch failed");
      return outageResponse(options.request, incoming.document) as GatewayResponse;
    } finally {
      const durationMs = performance.now() - started;
      if (!shared) metrics.subgraphFetch.observe({ subgraph: name, outcome: ok ? "ok" : "error" }, durationMs / 1000);
      incoming?.context.subgraphFetches?.push({
        subgraph: name,
        durationMs: Math.round(durationMs * 10) / 10,
        ok,
        attempts,
        ...(shared ? { source: "shared" as const } : {}),
      });
    }
  }

  /** POSTs one operation, retrying a query after a connection error; throws on anything but a 2xx JSON answer. */
  private async send(
    body: string,
    operation: { query: string; operationName?: string | null; variables?: Record<string, unknown> | null },
    userId: string | null,
    requestId: string | undefined,
    idempotent: boolean,
  ): Promise<Reply> {
    const { name, url, agent, timeoutMs, metrics, retries } = this.options;
    // Health checks and schema loading run without a request context: they act as nobody.
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (this.options.forwardIdentity) {
      headers[CREDENTIAL_HEADER] = await signCredential(this.options.subgraphSecret, { issuer: ROUTER_ISSUER, userId }, operation);
      if (requestId) headers[REQUEST_ID_HEADER] = requestId;
    }
    // W3C trace context of the gateway's fetch span, so the subgraph's spans join the trace (a no-op unless
    // tracing is on: see packages/shared/src/tracing.ts). undici is not instrumented, hence by hand.
    propagation.inject(otelContext.active(), headers);
    for (let attempts = 1; ; attempts++) {
      try {
        const response = await undiciRequest(url, { method: "POST", headers, body, dispatcher: agent, signal: AbortSignal.timeout(timeoutMs) });
        const text = await response.body.text();
        const contentType = String(response.headers["content-type"] ?? "");
        if (response.statusCode < 200 || response.statusCode >= 300 || !/json/.test(contentType)) {
          throw new Error(`${name} answered HTTP ${response.statusCode} (${contentType || "no content type"})`);
        }
        return { text, hint: cacheHintOf(response.headers["cache-control"] as string | undefined), attempts };
      } catch (error) {
        if (!idempotent || attempts > retries || !isConnectionError(error)) throw error;
        metrics.subgraphRetries.inc({ subgraph: name });
        await delay((this.options.retryDelayMs ?? 50) * attempts);
      }
    }
  }
}
