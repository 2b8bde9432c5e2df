// OpenTelemetry across processes: the router and a subgraph, each its own process with an OTLP endpoint set,
// export spans of one trace to a collector the test runs; without the endpoint nothing is exported.
import { type ChildProcess, spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { repoRoot } from "@shop/shared/paths";
import { freePort, postGraphQL, testEnv, waitForUrl } from "@shop/shared/testing";
import { tracesEndpoint } from "@shop/shared/tracing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

interface ExportedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
}

/** A minimal OTLP/HTTP JSON trace receiver that keeps every span it is sent. */
function startCollector(): Promise<{ url: string; spans: ExportedSpan[]; close(): Promise<void> }> {
  const spans: ExportedSpan[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      const payload = JSON.parse(body) as {
        resourceSpans: Array<{
          resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> };
          scopeSpans: Array<{ spans: Array<Omit<ExportedSpan, "service">> }>;
        }>;
      };
      for (const resourceSpans of payload.resourceSpans) {
        const service = resourceSpans.resource.attributes.find((a) => a.key === "service.name")?.value.stringValue ?? "";
        for (const scope of resourceSpans.scopeSpans) for (const span of scope.spans) spans.push({ ...span, service });
      }
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        spans,
        close: () => new Promise((done) => server.close(() => done())),
      }),
    ),
  );
}

describe("OpenTelemetry tracing", () => {
  let collector: Awaited<ReturnType<typeof startCollector>>;
  const children: ChildProcess[] = [];
  let routerUrl: string;

  const run = (entry: string, env: NodeJS.ProcessEnv) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(repoRoot, entry)], { cwd: repoRoot, env, stdio: "ignore" });
    children.push(child);
    return child;
  };

  beforeAll(async () => {
    collector = await startCollector();
    const [productsPort, routerPort] = await Promise.all([freePort(), freePort()]);
    const base = { ...process.env, ...testEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, LOG_LEVEL: "error" }) };
    run("subgraphs/products/src/main.ts", { ...base, PORT: String(productsPort) });
    run("router/src/main.ts", { ...base, PORT: String(routerPort), PRODUCTS_URL: `http://127.0.0.1:${productsPort}/graphql` });
    await Promise.all([waitForUrl(`http://127.0.0.1:${productsPort}/ready`), waitForUrl(`http://127.0.0.1:${routerPort}/health`)]);
    routerUrl = `http://127.0.0.1:${routerPort}/graphql`;
  }, 180_000);

  afterAll(async () => {
    for (const child of children) child.kill("SIGTERM");
    await collector?.close();
  });

  it("puts the router's and the subgraph's spans of one request in one trace", async () => {
    const { data, errors } = await postGraphQL(routerUrl, "query TracedProducts { products(first: 2) { edges { node { name } } } }");
    expect(errors).toBeUndefined();
    expect(data?.products.edges).toHaveLength(2);

    // Spans are exported in batches (every second): wait for the subgraph's span that joins a router trace.
    let joined: { router: ExportedSpan[]; products: ExportedSpan[] } | undefined;
    for (let attempt = 0; attempt < 60 && !joined; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const routerTraces = new Set(collector.spans.filter((s) => s.service === "shop-router").map((s) => s.traceId));
      const productSpans = collector.spans.filter((s) => s.service === "shop-products" && routerTraces.has(s.traceId));
      if (productSpans.length) {
        const traceId = productSpans[0]!.traceId;
        joined = { router: collector.spans.filter((s) => s.service === "shop-router" && s.traceId === traceId), products: productSpans };
      }
    }
    expect(joined, "no products span joined a router trace").toBeDefined();
    const routerSpanIds = new Set(joined!.router.map((s) => s.spanId));
    // The subgraph's incoming-request span is a child of one of the router's spans (the gateway's fetch).
    expect(joined!.products.some((s) => s.parentSpanId && routerSpanIds.has(s.parentSpanId))).toBe(true);
    // The gateway's own operation span is part of the same trace.
    expect(joined!.router.map((s) => s.name)).toEqual(expect.arrayContaining([expect.stringMatching(/gateway\.(request|fetch)/)]));
  });
});

describe("tracing configuration", () => {
  it("is off without an OTLP endpoint, and finds the traces path from the base endpoint", () => {
    expect(tracesEndpoint({})).toBeUndefined();
    expect(tracesEndpoint({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318/" })).toBe("http://collector:4318/v1/traces");
    expect(tracesEndpoint({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://a:4318", OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://b:4318/t" })).toBe("http://b:4318/t");
  });
});
