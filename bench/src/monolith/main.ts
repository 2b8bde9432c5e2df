// Entry point of the reference monolith (bench only): the four subgraphs' resolvers and databases in one
// graphql-js process serving the supergraph's API schema, to show what federation costs.
import { readFileSync } from "node:fs";
import { createLogger } from "@shop/shared/logger";
import { Registry } from "prom-client";
import { monolithApiSchema } from "./api-schema.ts";
import { loadMonolithConfig } from "./config.ts";
import { openDomains } from "./domains.ts";
import { bindResolvers } from "./schema.ts";
import { createQueryCounter, startMonolithServer } from "./server.ts";

const config = loadMonolithConfig();
const logger = createLogger("monolith", config.LOG_LEVEL);
const registry = new Registry();
const domains = await openDomains({
  databaseUrls: {
    users: config.USERS_DATABASE_URL,
    products: config.PRODUCTS_DATABASE_URL,
    orders: config.ORDERS_DATABASE_URL,
    payments: config.PAYMENTS_DATABASE_URL,
  },
  jwtSecret: config.JWT_SECRET,
  logger,
  countQuery: createQueryCounter(registry),
});
const schema = bindResolvers(monolithApiSchema(readFileSync(config.SUPERGRAPH_FILE, "utf8")), domains.domains);
const server = await startMonolithServer({ schema, domains: domains.domains, jwtSecret: config.JWT_SECRET, registry, logger, port: config.PORT, host: config.HOST });
logger.warn({ url: server.url }, "reference monolith listening");

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void server
      .close()
      .then(() => domains.close())
      .finally(() => process.exit(0));
  });
}
