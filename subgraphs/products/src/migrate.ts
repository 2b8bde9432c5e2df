// Entry point of the products migration job (`node subgraphs/products/src/migrate.js` in the image): migrates, seeds per SEED, exits.
import { createLogger } from "@shop/shared/logger";
import { runMigrationJob } from "@shop/shared/migration-job";
import { seed } from "../../../prisma/products/seed.ts";
import { PrismaClient } from "./__generated__/prisma/client.ts";

const logger = createLogger("products-migrate");
try {
  await runMigrationJob({ service: "products", createClient: (options) => new PrismaClient(options), seed, logger });
} catch (error) {
  logger.fatal({ err: error }, "products migration failed");
  process.exit(1);
}
