// Builds a subgraph's HTTP server: Apollo Server 5 on express, reachable only with a valid credential.
import http from "node:http";
import { ApolloServer, type ContextFunction } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import type { GraphQLFormattedError, GraphQLSchema } from "graphql";
import { Gauge, type Registry } from "prom-client";
import type { DatabaseConnection } from "./database.ts";
import { PUBLIC_CODES } from "./errors.ts";
import { createGraphQLMetrics, observabilityPlugin } from "./graphql-observability.ts";
import { createApp, createRegistry, jsonErrorHandler, listen, type Listening } from "./http-server.ts";
import { allowedCallersPlugin, recordCaller } from "./allowed-callers.ts";
import { type BoundOperation, type Caller, CREDENTIAL_HEADER, type TrustedKeys, verifyCredential } from "./identity.ts";
import type { Logger } from "./logger.ts";
import { type CallerAllowList, isAllowedCaller } from "./service-caller.ts";

export interface SubgraphServerOptions<Context extends object> {
  name: string;
  schema: GraphQLSchema;
  /** The keys this subgraph checks its callers' credentials with, by issuer (service-keys.ts). */
  trusted: TrustedKeys;
  /** Who may call it and which root fields each may select (service-caller.ts). */
  callers: CallerAllowList;
  logger: Logger;
  /** Builds the per-request context from the verified caller. */
  context: (input: { caller: Caller; requestId: string; http: RequestHttp }) => Context | Promise<Context>;
  /** Resolves when the database answers. */
  ready: () => Promise<void>;
  port: number;
  host?: string;
  /** Largest accepted request body. */
  bodyLimit?: string;
  /** Registers extra metrics (the database pool, SQL statements) on the process's /metrics registry. */
  registerMetrics?: (registry: Registry) => void;
}

/**
 * The HTTP side of one request, for the rare field that needs it (the users service's session headers,
 * session-transport.ts): read a request header, set a response header before the answer is written.
 */
export interface RequestHttp {
  header(name: string): string | undefined;
  setHeader(name: string, value: string): void;
}

export interface RunningSubgraph extends Listening {
  /** Stops accepting requests, lets in-flight ones finish, then resolves. */
  stop(): Promise<void>;
}

/** Hides internal errors: a client sees the message only of errors with a public code. */
export function maskError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = String(formatted.extensions?.code ?? "INTERNAL_SERVER_ERROR");
    if (PUBLIC_CODES.has(code)) {
      const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    logger.error({ err: error, path: formatted.path }, "unexpected error");
    return { message: "Internal server error", path: formatted.path, locations: formatted.locations, extensions: { code: "INTERNAL_SERVER_ERROR" } };
  };
}

export async function startSubgraphServer<Context extends object>(
  options: SubgraphServerOptions<Context>,
): Promise<RunningSubgraph> {
  const { logger } = options;
  const registry = createRegistry(options.name);
  options.registerMetrics?.(registry);
  let stopping = false;
  const ready = async () => {
    if (stopping) throw new Error("shutting down");
    await options.ready();
  };
  const app = createApp({ ready, registry, logger });
  const httpServer = http.createServer(app);
  // The request id of each context, for the log lines of its operation.
  const requestIds = new WeakMap<object, string>();
  const apollo = new ApolloServer<Context>({
    schema: options.schema,
    includeStacktraceInErrorResponses: false,
    // stopOnSignals (http-server.ts) owns shutdown; Apollo's own handler would stop the server a second time.
    stopOnTerminationSignals: false,
    formatError: maskError(logger),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      allowedCallersPlugin<Context>(options.callers),
      observabilityPlugin<Context>({ logger, metrics: createGraphQLMetrics(registry), requestId: (context) => requestIds.get(context) }),
    ],
  });
  await apollo.start();

  const context: ContextFunction<[{ req: express.Request; res: express.Response }], Context> = async ({ req, res }) => {
    const requestId = res.locals.requestId as string;
    const caller = res.locals.caller as Caller;
    const http: RequestHttp = { header: (name) => req.header(name), setHeader: (name, value) => void res.setHeader(name, value) };
    const value = await options.context({ caller, requestId, http });
    requestIds.set(value, requestId);
    recordCaller(value, caller);
    return value;
  };

  app.use(
    "/graphql",
    express.json({ limit: options.bodyLimit ?? "1mb" }),
    async (req, res, next) => {
      // The credential must be bound to this very operation (see identity.ts).
      const body: unknown = req.body;
      const operation: BoundOperation = body && typeof body === "object" && !Array.isArray(body) ? (body as BoundOperation) : {};
      const caller = await verifyCredential(options.trusted, req.header(CREDENTIAL_HEADER), operation);
      if (!caller || !isAllowedCaller(options.callers, caller.issuer)) {
        res.status(401).json({
          errors: [{ message: "This service only answers the router", extensions: { code: "UNAUTHENTICATED" } }],
        });
        return;
      }
      res.locals.caller = caller;
      next();
    },
    expressMiddleware(apollo, { context }),
  );
  app.use(jsonErrorHandler(logger));

  const listening = await listen(httpServer, options.port, options.host);
  logger.info({ url: `${listening.url}/graphql` }, `${options.name} subgraph ready`);
  return {
    ...listening,
    url: `${listening.url}/graphql`,
    stop: async () => {
      stopping = true;
      await apollo.stop();
    },
  };
}

/** db_pool_connections{state} gauges, read at each scrape; nothing for PGlite, which has no pool. */
export function registerPoolMetrics(registry: Registry, connection: DatabaseConnection): void {
  const stats = connection.pool;
  if (!stats) return;
  new Gauge({
    name: "db_pool_connections",
    help: "PostgreSQL pool connections by state (total, idle, waiting clients, max)",
    labelNames: ["state"],
    registers: [registry],
    collect() {
      const { total, idle, waiting, max } = stats();
      this.set({ state: "total" }, total);
      this.set({ state: "idle" }, idle);
      this.set({ state: "waiting" }, waiting);
      this.set({ state: "max" }, max);
    },
  });
}
