// The products database a domain test works on: a throwaway database (test/support/databases.ts), migrated and not
// seeded, opened as the service opens it.
import { createLogger } from "@shop/shared/logger";
import { openServiceDatabase, type ServiceDatabase } from "@shop/shared/service-database";
import { PrismaClient } from "../../src/__generated__/prisma/client.ts";

export function openProductsDatabase(url: string): Promise<ServiceDatabase<PrismaClient>> {
  return openServiceDatabase({
    service: "products",
    url,
    createClient: (options) => new PrismaClient(options),
    seedMode: "never",
    production: false,
    logger: createLogger("products", "error"),
  });
}
