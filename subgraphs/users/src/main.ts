// Entry point of the users subgraph process.
import { startTracing } from "@shop/shared/tracing";

// Tracing starts before the server's modules load, so their HTTP traffic is instrumented (off without an OTLP endpoint).
const stopTracing = await startTracing("users");
const { createLogger } = await import("@shop/shared/logger");
const { stopOnSignals } = await import("@shop/shared/http-server");
const { loadConfig } = await import("./config.ts");
const { startUsersSubgraph } = await import("./server.ts");

const logger = createLogger("users");
try {
  const subgraph = await startUsersSubgraph(loadConfig(), logger);
  stopOnSignals(logger, async () => {
    await subgraph.stop();
    await stopTracing();
  });
} catch (error) {
  logger.fatal({ err: error }, "users subgraph failed to start");
  process.exit(1);
}
