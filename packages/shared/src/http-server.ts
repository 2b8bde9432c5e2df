// HTTP plumbing every process shares: listen on a port, /health, /ready, /metrics, request ids, graceful stop.
import { randomUUID } from "node:crypto";
import type http from "node:http";
import type { AddressInfo } from "node:net";
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from "express";
import { collectDefaultMetrics, Registry } from "prom-client";
import type { Logger } from "./logger.ts";

export const REQUEST_ID_HEADER = "x-request-id";

/** The request id a caller sent (when it looks like one), or a new one. */
export function requestIdOf(req: http.IncomingMessage): string {
  const sent = req.headers[REQUEST_ID_HEADER];
  return typeof sent === "string" && /^[\w.:-]{1,128}$/.test(sent) ? sent : randomUUID();
}

export interface ProbeOptions {
  /** Resolves when the process can serve (its database, or its subgraphs, are reachable). */
  ready: () => Promise<void>;
  /** False while the process is alive but not yet able to serve anything (the router before its supergraph loads). */
  healthy?: () => boolean;
  registry: Registry;
  logger: Logger;
  /** Serve /metrics on this app (default); false when another listener serves it (the router's public port must not). */
  serveMetrics?: boolean;
}

/** Answers a Prometheus scrape with `registry`'s metrics. */
export function metricsHandler(registry: Registry): RequestHandler {
  return async (_req, res) => {
    res.setHeader("content-type", registry.contentType);
    res.send(await registry.metrics());
  };
}

/** An express app with the probes and metrics mounted, and request ids on every response. */
export function createApp({ ready, healthy = () => true, registry, logger, serveMetrics = true }: ProbeOptions): Express {
  const app = express();
  app.disable("x-powered-by");
  app.use((req, res, next) => {
    const id = requestIdOf(req);
    res.locals.requestId = id;
    res.setHeader(REQUEST_ID_HEADER, id);
    next();
  });
  app.get("/health", (_req, res) => {
    if (healthy()) res.json({ status: "ok" });
    else res.status(503).json({ status: "starting" });
  });
  // Probes come every few seconds: say when readiness changes, not at every probe.
  let wasReady: boolean | undefined;
  app.get("/ready", async (_req, res) => {
    try {
      await ready();
      if (wasReady === false) logger.info("ready again");
      wasReady = true;
      res.json({ status: "ready" });
    } catch (error) {
      if (wasReady !== false) logger.warn({ err: error }, "not ready");
      wasReady = false;
      res.status(503).json({ status: "unavailable" });
    }
  });
  if (serveMetrics) app.get("/metrics", metricsHandler(registry));
  return app;
}

/**
 * Answers body-parser failures (too large, malformed JSON) the GraphQL way, as JSON with a code, instead of
 * express's HTML error page; anything else is a 500 without detail. Mount it after the routes.
 */
export function jsonErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: { type?: string; status?: number; limit?: number }, _req, res, next) => {
    if (res.headersSent) return next(error);
    const requestId = res.locals.requestId as string | undefined;
    if (error.type === "entity.too.large") {
      logger.warn({ requestId, limit: error.limit }, "request body too large");
      res.status(413).json({
        errors: [{ message: `The request body is larger than the limit of ${error.limit} bytes`, extensions: { code: "PAYLOAD_TOO_LARGE" } }],
      });
    } else if (error.type === "entity.parse.failed") {
      res.status(400).json({ errors: [{ message: "The request body is not valid JSON", extensions: { code: "BAD_REQUEST" } }] });
    } else if (error.status && error.status >= 400 && error.status < 500) {
      res.status(error.status).json({ errors: [{ message: "The request could not be read", extensions: { code: "BAD_REQUEST" } }] });
    } else {
      logger.error({ requestId, err: error }, "unhandled error");
      res.status(500).json({ errors: [{ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } }] });
    }
  };
}

export function createRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}

export interface Listening {
  server: http.Server;
  port: number;
  url: string;
}

export async function listen(server: http.Server, port: number, host = "127.0.0.1"): Promise<Listening> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const actual = (server.address() as AddressInfo).port;
  return { server, port: actual, url: `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${actual}` };
}

/**
 * Calls `stop` once on SIGINT/SIGTERM, then exits 0: a clean stop is a success (a second signal exits at once,
 * with 1). A process started by a supervisor with an IPC channel (`pnpm start`) also stops when that channel
 * closes: its supervisor is gone, even if SIGKILLed, and nothing would stop it otherwise.
 *
 * The process's shutdown has one owner: the servers are built with Apollo Server's own signal handling off
 * (stopOnTerminationSignals: false), which would otherwise stop the server and raise the signal again beside this
 * (in 5.5 a second concurrent ApolloServer.stop() never resolves, so the process ended before its database closed).
 */
export function stopOnSignals(logger: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const shutDown = (fields: { signal: string } | { reason: string }) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info(fields, "shutting down");
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => shutDown({ signal }));
  if (process.channel) {
    process.channel.unref(); // the servers keep the process alive, not the channel
    process.once("disconnect", () => {
      if (!stopping) shutDown({ reason: "its supervisor is gone" });
    });
  }
}
