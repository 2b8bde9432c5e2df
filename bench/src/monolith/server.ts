// The reference monolith's HTTP server: POST /graphql with graphql-js on node:http (parsed and validated
// documents cached by query text), the bearer token verified as our router does, errors masked as the
// subgraphs mask them, and /metrics with db_queries_total.
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Caller } from "@shop/shared/identity";
import type { Logger } from "@shop/shared/logger";
import { maskError } from "@shop/shared/subgraph-server";
import { type AccessClaims, verifyAccessToken } from "@shop/shared/user-token";
import { type DocumentNode, execute, type GraphQLError, type GraphQLSchema, getOperationAST, parse, validate } from "graphql";
import { Counter, type Registry } from "prom-client";
import type { RunningDomain } from "./domains.ts";
import type { MonolithContext } from "./schema.ts";

export interface MonolithServer {
  url: string;
  registry: Registry;
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;
const MAX_CACHED_DOCUMENTS = 1_000;

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) reject(new Error("body too large"));
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

const clientError = (message: string, code: string) => ({ errors: [{ message, extensions: { code } }] });

/** Counts statements per service; the counter the bench reads from /metrics. */
export function createQueryCounter(registry: Registry): (service: string) => void {
  const counter = new Counter({ name: "db_queries_total", help: "SQL statements sent to the database", labelNames: ["service"], registers: [registry] });
  return (service) => counter.inc({ service });
}

export async function startMonolithServer(options: {
  schema: GraphQLSchema;
  domains: RunningDomain[];
  jwtSecret: string;
  registry: Registry;
  logger: Logger;
  port: number;
  host: string;
}): Promise<MonolithServer> {
  const { schema, domains, registry, logger } = options;
  const byName = new Map(domains.map((d) => [d.name, d]));
  const documents = new Map<string, DocumentNode | readonly GraphQLError[]>();
  const mask = maskError(logger);

  function document(query: string): DocumentNode | readonly GraphQLError[] {
    let found = documents.get(query);
    if (!found) {
      try {
        const parsed = parse(query);
        const errors = validate(schema, parsed);
        found = errors.length ? errors : parsed;
      } catch (error) {
        found = [error as GraphQLError];
      }
      if (documents.size >= MAX_CACHED_DOCUMENTS) documents.clear();
      documents.set(query, found);
    }
    return found;
  }

  async function graphql(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let body: { query?: unknown; variables?: unknown; operationName?: unknown };
    try {
      body = JSON.parse(await readBody(req)) as typeof body;
    } catch {
      return send(res, 400, clientError("The request body is not JSON", "BAD_REQUEST"));
    }
    if (typeof body?.query !== "string") return send(res, 400, clientError("query is required", "BAD_REQUEST"));
    let claims: AccessClaims | null = null;
    const header = req.headers.authorization;
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      claims = match ? await verifyAccessToken(options.jwtSecret, match[1]!) : null;
      if (!claims) return send(res, 401, clientError("Your session is invalid or has expired; log in again", "UNAUTHENTICATED"));
    }
    const parsed = document(body.query);
    if (!("kind" in parsed)) {
      return send(res, 400, { errors: parsed.map((e) => ({ message: e.message, locations: e.locations, extensions: { code: "GRAPHQL_VALIDATION_FAILED" } })) });
    }
    const operationName = typeof body.operationName === "string" ? body.operationName : undefined;
    if (!getOperationAST(parsed, operationName)) return send(res, 400, clientError("No such operation", "BAD_REQUEST"));
    const caller: Caller = { issuer: "router", userId: claims?.userId ?? null, scopes: claims?.scopes };
    const requestId = randomUUID();
    const contexts = new Map<string, object>();
    const contextValue: MonolithContext = {
      contextOf(name) {
        let context = contexts.get(name);
        if (!context) {
          context = byName.get(name)!.context(caller, requestId);
          contexts.set(name, context);
        }
        return context;
      },
    };
    const variables = body.variables && typeof body.variables === "object" ? (body.variables as Record<string, unknown>) : undefined;
    const result = await execute({ schema, document: parsed, variableValues: variables, operationName, contextValue });
    const errors = result.errors?.map((error) => mask(error.toJSON(), error.originalError ?? error));
    send(res, 200, errors ? { errors, data: result.data } : { data: result.data });
  }

  const server = http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/graphql" && req.method === "POST") {
      graphql(req, res).catch((error: unknown) => {
        logger.error({ err: error }, "request failed");
        if (!res.headersSent) send(res, 500, clientError("Internal server error", "INTERNAL_SERVER_ERROR"));
      });
      return;
    }
    if (path === "/metrics" && req.method === "GET") {
      registry.metrics().then((text) => {
        res.writeHead(200, { "content-type": registry.contentType });
        res.end(text);
      });
      return;
    }
    send(res, 404, clientError("Not found", "NOT_FOUND"));
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(options.port, options.host, resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${address.port}/graphql`,
    registry,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
