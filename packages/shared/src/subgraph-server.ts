// Builds a subgraph's HTTP server: Apollo Server 5 on node:http (probes and /metrics on express), reachable only with a valid credential.
import http from "node:http";
import { ApolloServer, HeaderMap } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import type { GraphQLFormattedError, GraphQLSchema } from "graphql";
import { Gauge, type Registry } from "prom-client";
import type { DatabaseConnection } from "./database.ts";
import { PUBLIC_CODES } from "./errors.ts";
import { createGraphQLMetrics, observabilityPlugin } from "./graphql-observability.ts";
import { createApp, createRegistry, jsonErrorHandler, listen, type Listening, REQUEST_ID_HEADER, requestIdOf } from "./http-server.ts";
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
  /** Largest accepted request body, in bytes (1 MiB by default). */
  bodyLimitBytes?: number;
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
  app.use(jsonErrorHandler(logger));
  // /graphql is served from node:http through Apollo Server's integration API (executeHTTPGraphQLRequest), not
  // through express, body-parser and expressMiddleware: their routing, content negotiation and body reading cost
  // about a quarter of the CPU of a one-statement request (bench `subgraph-cost`). The probes and /metrics stay on
  // express, where their cost does not matter.
  const bodyLimit = options.bodyLimitBytes ?? 1024 * 1024;
  const httpServer = http.createServer((req, res) => {
    const url = req.url ?? "/";
    const query = url.indexOf("?");
    if ((query < 0 ? url : url.slice(0, query)) === "/graphql") void serveGraphQL(req, res, query < 0 ? "" : url.slice(query));
    else app(req, res);
  });
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

  const contextOf = async (req: http.IncomingMessage, res: http.ServerResponse, requestId: string, caller: Caller): Promise<Context> => {
    const http: RequestHttp = { header: (name) => headerOf(req, name), setHeader: (name, value) => void res.setHeader(name, value) };
    const value = await options.context({ caller, requestId, http });
    requestIds.set(value, requestId);
    recordCaller(value, caller);
    return value;
  };

  const serveGraphQL = async (req: http.IncomingMessage, res: http.ServerResponse, search: string) => {
    const requestId = requestIdOf(req);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    try {
      // Only POST: the router sends nothing else, and a GET's operation (in the URL) is not what a credential binds.
      if (req.method !== "POST") {
        res.setHeader("allow", "POST");
        return sendErrors(res, 405, "Only POST is served", "METHOD_NOT_ALLOWED");
      }
      const read = await readBody(req, bodyLimit);
      if (read === "too large") {
        logger.warn({ requestId, limit: bodyLimit }, "request body too large");
        return sendErrors(res, 413, `The request body is larger than the limit of ${bodyLimit} bytes`, "PAYLOAD_TOO_LARGE");
      }
      if (read === "encoded") return sendErrors(res, 415, "Compressed request bodies are not accepted", "BAD_REQUEST");
      // A JSON body as express.json parsed it (application/json, an object or array); anything else is no body.
      let body: unknown;
      if (isJson(req.headers["content-type"]) && read.length) {
        try {
          body = JSON.parse(read.toString("utf8"));
        } catch {
          return sendErrors(res, 400, "The request body is not valid JSON", "BAD_REQUEST");
        }
      }
      // The credential must be bound to this very operation (see identity.ts).
      const operation: BoundOperation = body && typeof body === "object" && !Array.isArray(body) ? (body as BoundOperation) : {};
      const caller = await verifyCredential(options.trusted, headerOf(req, CREDENTIAL_HEADER), operation);
      if (!caller || !isAllowedCaller(options.callers, caller.issuer)) {
        return sendErrors(res, 401, "This service only answers the router", "UNAUTHENTICATED");
      }
      const headers = new HeaderMap();
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
      }
      const response = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: "POST", headers, search, body },
        context: () => contextOf(req, res, requestId, caller),
      });
      for (const [name, value] of response.headers) res.setHeader(name, value);
      res.statusCode = response.status ?? 200;
      if (response.body.kind === "complete") {
        res.end(response.body.string);
        return;
      }
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    } catch (error) {
      logger.error({ requestId, err: error }, "unhandled error");
      if (res.headersSent) res.destroy();
      else sendErrors(res, 500, "Internal server error", "INTERNAL_SERVER_ERROR");
    }
  };

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

/** A request header, as express's req.header read it (the first of a repeated set-cookie). */
function headerOf(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** application/json, with or without parameters (what express.json parsed). */
function isJson(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const end = contentType.indexOf(";");
  return (end < 0 ? contentType : contentType.slice(0, end)).trim().toLowerCase() === "application/json";
}

/**
 * The request body, at most `limit` bytes: "too large" beyond, without reading further (node discards the rest once
 * the 413 is sent; destroying the request would reset the connection before the answer); "encoded" when compressed.
 */
function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | "too large" | "encoded"> {
  const encoding = req.headers["content-encoding"];
  if (encoding && encoding.toLowerCase() !== "identity") return Promise.resolve("encoded");
  if (Number(req.headers["content-length"] ?? 0) > limit) return Promise.resolve("too large");
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else {
        stop();
        resolve("too large");
      }
    };
    const onEnd = () => {
      stop();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      stop();
      reject(error);
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
  });
}

/** A JSON error answer in the GraphQL shape. */
function sendErrors(res: http.ServerResponse, status: number, message: string, code: string): void {
  res.statusCode = status;
  res.setHeader("content-type", "application/json; charset=utf-8");
  res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
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
