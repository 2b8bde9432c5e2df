// Entry point of the products subgraph process.
import { createLogger } from "@shop/shared/logger";
import { stopOnSignals } from "@shop/shared/http-server";
import { loadConfig } from "./config.ts";
import { startProductsSubgraph } from "./server.ts";

const logger = createLogger("products");
try {
  const subgraph = await startProductsSubgraph(loadConfig(), logger);
  stopOnSignals(logger, subgraph.stop);
} catch (error) {
  logger.fatal({ err: error }, "products subgraph failed to start");
  process.exit(1);
}
