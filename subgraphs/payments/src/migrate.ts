// Entry point of the payments migration job (`node subgraphs/payments/src/migrate.js` in the image): migrates, seeds per SEED, exits.
import { createLogger } from "@shop/shared/logger";
import { runMigrationJob } from "@shop/shared/migration-job";
import { seed } from "../../../prisma/payments/seed.ts";
import { PrismaClient } from "./__generated__/prisma/client.ts";

const logger = createLogger("payments-migrate");
try {
  await runMigrationJob({ service: "payments", createClient: (options) => new PrismaClient(options), seed, logger });
} catch (error) {
  logger.fatal({ err: error }, "payments migration failed");
  process.exit(1);
}
