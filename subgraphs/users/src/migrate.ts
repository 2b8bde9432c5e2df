// Entry point of the users migration job (`node subgraphs/users/src/migrate.js` in the image): migrates, seeds per SEED, exits.
import { createLogger } from "@shop/shared/logger";
import { runMigrationJob } from "@shop/shared/migration-job";
import { seed } from "../../../prisma/users/seed.ts";
import { PrismaClient } from "./__generated__/prisma/client.ts";

const logger = createLogger("users-migrate");
try {
  await runMigrationJob({ service: "users", createClient: (options) => new PrismaClient(options), seed, logger });
} catch (error) {
  logger.fatal({ err: error }, "users migration failed");
  process.exit(1);
}
