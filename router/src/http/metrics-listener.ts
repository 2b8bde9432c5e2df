// /metrics on its own listener (METRICS_HOST:METRICS_PORT), apart from the public port: a scraper inside the cluster
// reaches it, a client of the API does not (the issue found request counts and internals open to anyone).
import http from "node:http";
import { listen, type Listening, metricsHandler } from "@shop/shared/http-server";
import express from "express";
import type { Registry } from "prom-client";

export interface MetricsListener extends Listening {
  close(): Promise<void>;
}

export async function startMetricsListener(registry: Registry, port: number, host: string): Promise<MetricsListener> {
  const app = express();
  app.disable("x-powered-by");
  app.get("/metrics", metricsHandler(registry));
  const server = http.createServer(app);
  const listening = await listen(server, port, host);
  return {
    ...listening,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
