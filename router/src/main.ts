// Entry point of the router process.
import { createLogger } from "@shop/shared/logger";
import { stopOnSignals } from "@shop/shared/http-server";
import { loadConfig } from "./config.ts";
import { startRouter } from "./server.ts";

const logger = createLogger("router");
try {
  const router = await startRouter(loadConfig(), { logger });
  stopOnSignals(logger, router.stop);
} catch (error) {
  logger.fatal({ err: error }, "router failed to start");
  process.exit(1);
}
