// Entry point of the payments subgraph process.
import { createLogger } from "@shop/shared/logger";
import { stopOnSignals } from "@shop/shared/http-server";
import { loadConfig } from "./config.ts";
import { startPaymentsSubgraph } from "./server.ts";

const logger = createLogger("payments");
try {
  const subgraph = await startPaymentsSubgraph(loadConfig(), logger);
  stopOnSignals(logger, subgraph.stop);
} catch (error) {
  logger.fatal({ err: error }, "payments subgraph failed to start");
  process.exit(1);
}
