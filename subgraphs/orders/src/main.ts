// Entry point of the orders subgraph process.
import { createLogger } from "@shop/shared/logger";
import { stopOnSignals } from "@shop/shared/http-server";
import { loadConfig } from "./config.ts";
import { startOrdersSubgraph } from "./server.ts";

const logger = createLogger("orders");
try {
  const subgraph = await startOrdersSubgraph(loadConfig(), logger);
  stopOnSignals(logger, subgraph.stop);
} catch (error) {
  logger.fatal({ err: error }, "orders subgraph failed to start");
  process.exit(1);
}
