// Entry point of the router process: `--supergraph <file>` serves a pre-composed supergraph, `--port <n>` sets the port, `--trusted-only` serves only the persisted-query manifest's operations.
import { startTracing } from "@shop/shared/tracing";

// Tracing starts before the server's modules load, so their HTTP traffic is instrumented (off without an OTLP endpoint).
const stopTracing = await startTracing("router");
const { createLogger } = await import("@shop/shared/logger");
const { stopOnSignals } = await import("@shop/shared/http-server");
const { loadConfig, withArguments } = await import("./config.ts");
const { startRouter } = await import("./server.ts");

const logger = createLogger("router");
try {
  const router = await startRouter(loadConfig(withArguments(process.env, process.argv.slice(2))), { logger });
  stopOnSignals(logger, async () => {
    await router.stop();
    await stopTracing();
  });
} catch (error) {
  logger.fatal({ err: error }, "router failed to start");
  process.exit(1);
}
