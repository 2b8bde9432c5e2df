// For the fetch stages' tests: a real local HTTP server in a subgraph's place that answers as each test scripts
// it and records what it received, and the gateway's description of a fetch, as the stages take it.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { GraphQLDataSourceRequestKind, type GraphQLDataSourceProcessOptions } from "@apollo/gateway/dist/datasources/types.js";
import { parse } from "graphql";
import type { Counter, Histogram } from "prom-client";
import type { CacheHint } from "../../src/cache/subgraph-cache.ts";
import type { RouterContext } from "../../src/context.ts";
import { type SubgraphRequest, subgraphRequest } from "../../src/fetch/stage.ts";

export interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type Respond = (received: Received, res: http.ServerResponse) => void | Promise<void>;

export interface TestSubgraph {
  url: string;
  received: Received[];
  close(): Promise<void>;
}

/** Answers `body` as JSON with status 200 and `headers`. */
export const json =
  (body: unknown, headers: Record<string, string> = {}): Respond =>
  (_received, res) => {
    res.writeHead(200, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };

export async function startTestSubgraph(answer: Respond = json({ data: { ok: true } })): Promise<TestSubgraph> {
  const received: Received[] = [];
  const server = http.createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    const request = { headers: req.headers, body };
    received.push(request);
    await answer(request, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    received,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export interface TestFetch {
  request: SubgraphRequest;
  context: RouterContext;
  /** The cache hints the client's overall cache policy was restricted by. */
  restricted: CacheHint[];
  options: GraphQLDataSourceProcessOptions<RouterContext>;
}

/** A fetch the gateway makes for a client's operation (or, with `kind: "health check"`, for itself). */
export function testFetch(
  subgraph: string,
  query: string,
  options: { variables?: Record<string, unknown>; userId?: string | null; scopes?: string[]; requestId?: string; kind?: "query" | "mutation" | "health check" } = {},
): TestFetch {
  const context: RouterContext = { requestId: options.requestId ?? "request-1", clientAddress: "127.0.0.1", userId: options.userId ?? null, sessionId: null, scopes: options.scopes ?? [], subgraphFetches: [] };
  const restricted: CacheHint[] = [];
  const kind = options.kind ?? "query";
  const document = parse(query);
  const processOptions = (
    kind === "health check"
      ? { kind: GraphQLDataSourceRequestKind.HEALTH_CHECK, request: { query }, context: {} }
      : {
          kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION,
          request: { query, variables: options.variables },
          context,
          document,
          incomingRequestContext: {
            operation: { operation: kind },
            overallCachePolicy: { restrict: (hint: CacheHint) => restricted.push(hint) },
          },
        }
  ) as unknown as GraphQLDataSourceProcessOptions<RouterContext>;
  return { request: subgraphRequest(subgraph, processOptions), context, restricted, options: processOptions };
}

/** A counter's value for these labels (0 when never incremented). */
export async function countOf(counter: Counter<string>, labels: Record<string, string>): Promise<number> {
  const sample = (await counter.get()).values.find((value) => Object.entries(labels).every(([k, v]) => value.labels[k] === v));
  return sample?.value ?? 0;
}

/** How many observations a histogram holds for these labels. */
export async function observationsOf(histogram: Histogram<string>, labels: Record<string, string>): Promise<number> {
  const sample = (await histogram.get()).values.find(
    (value) => value.metricName?.endsWith("_count") && Object.entries(labels).every(([k, v]) => value.labels[k] === v),
  );
  return sample?.value ?? 0;
}
