// Entry point of the router process (`--trusted-only` serves only the persisted-query manifest's operations).
import { createLogger } from "@shop/shared/logger";
import { stopOnSignals } from "@shop/shared/http-server";
import { loadConfig, withArguments } from "./config.ts";
import { startRouter } from "./server.ts";

const logger = createLogger("router");
try {
  const router = await startRouter(loadConfig(withArguments(process.env, process.argv.slice(2))), { logger });
  stopOnSignals(logger, router.stop);
} catch (error) {
  logger.fatal({ err: error }, "router failed to start");
  process.exit(1);
}
