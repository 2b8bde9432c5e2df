// OpenTelemetry tracing, off unless an OTLP endpoint is configured (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, or
// OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces). Each process's entry (the router's main.ts, a subgraph's through
// subgraph/process.ts) starts it before it loads the server, so the http instrumentation sees every request; the
// router's gateway emits its own planning and fetch spans, and the router injects the W3C trace context into each subgraph fetch (router/src/fetch/headers.ts).
//
// Versions: @apollo/gateway 2.14 needs @opentelemetry/api < 1.10, so the SDK is the 1.30 / 0.57 line, the
// same one the gateway itself depends on.

/** Flushes and stops tracing; a no-op when tracing is off. */
export type StopTracing = () => Promise<void>;

export function tracesEndpoint(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  if (env.OTEL_EXPORTER_OTLP_ENDPOINT) return `${env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, "")}/v1/traces`;
  return undefined;
}

export async function startTracing(service: string, env: NodeJS.ProcessEnv = process.env): Promise<StopTracing> {
  const url = tracesEndpoint(env);
  if (!url) return async () => {};
  const [{ NodeTracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }, { Resource }, { registerInstrumentations }, { HttpInstrumentation }, { GraphQLInstrumentation }] =
    await Promise.all([
      import("@opentelemetry/sdk-trace-node"),
      import("@opentelemetry/exporter-trace-otlp-http"),
      import("@opentelemetry/resources"),
      import("@opentelemetry/instrumentation"),
      import("@opentelemetry/instrumentation-http"),
      import("@opentelemetry/instrumentation-graphql"),
    ]);
  const provider = new NodeTracerProvider({
    resource: new Resource({ "service.name": env.OTEL_SERVICE_NAME || `shop-${service}` }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url }), { scheduledDelayMillis: 1_000 })],
  });
  // Registers the provider, the AsyncLocalStorage context manager and the W3C trace-context propagator.
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      // Probes and metrics scrapes are not worth a trace each.
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => /^\/(health|ready|metrics)\b/.test(req.url ?? "") }),
      new GraphQLInstrumentation({ mergeItems: true, ignoreTrivialResolveSpans: true }),
    ],
  });
  return () => provider.shutdown();
}
