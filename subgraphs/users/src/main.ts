// Entry point of the users subgraph process.
import { createLogger } from "@shop/shared/logger";
import { stopOnSignals } from "@shop/shared/http-server";
import { loadConfig } from "./config.ts";
import { startUsersSubgraph } from "./server.ts";

const logger = createLogger("users");
try {
  const subgraph = await startUsersSubgraph(loadConfig(), logger);
  stopOnSignals(logger, subgraph.stop);
} catch (error) {
  logger.fatal({ err: error }, "users subgraph failed to start");
  process.exit(1);
}
