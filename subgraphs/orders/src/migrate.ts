// Entry point of the orders migration job (`node subgraphs/orders/src/migrate.js` in the image): migrates, seeds per SEED, exits.
import { createLogger } from "@shop/shared/logger";
import { runMigrationJob } from "@shop/shared/migration-job";
import { seed } from "../../../prisma/orders/seed.ts";
import { PrismaClient } from "./__generated__/prisma/client.ts";

const logger = createLogger("orders-migrate");
try {
  await runMigrationJob({ service: "orders", createClient: (options) => new PrismaClient(options), seed, logger });
} catch (error) {
  logger.fatal({ err: error }, "orders migration failed");
  process.exit(1);
}
