// The four subgraphs' code in one process: each opens its own database with its own Prisma client, keeps its
// own resolvers and per-request context, and calls the other services in-process (orders -> products for
// stock, payments -> orders for the order it charges) through an executor of the other subgraph's own schema,
// signed as the calling service exactly as the HTTP service client would be. Only the bench imports this.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { buildSubgraphSchema } from "@apollo/subgraph";
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper/resolverMap.js";
import { graphError } from "@shop/shared/errors";
import { createFaults } from "@shop/shared/faults";
import type { Caller } from "@shop/shared/identity";
import type { Logger } from "@shop/shared/logger";
import { serviceUnavailable, type ServiceClient } from "@shop/shared/service-client";
import { type ClientOptions, openServiceDatabase, type PrismaLike, type ServiceDatabase } from "@shop/shared/service-database";
import type { DocumentNode, GraphQLSchema } from "graphql";
import { loadConfig as ordersConfig } from "../../../subgraphs/orders/src/config.ts";
import { PrismaClient as OrdersPrisma } from "../../../subgraphs/orders/src/__generated__/prisma/client.ts";
import { createContext as ordersContext } from "../../../subgraphs/orders/src/context.ts";
import { createProductsClient } from "../../../subgraphs/orders/src/products-client.ts";
import { resolvers as ordersResolvers } from "../../../subgraphs/orders/src/resolvers/index.ts";
import { loadConfig as paymentsConfig } from "../../../subgraphs/payments/src/config.ts";
import { PrismaClient as PaymentsPrisma } from "../../../subgraphs/payments/src/__generated__/prisma/client.ts";
import { createContext as paymentsContext } from "../../../subgraphs/payments/src/context.ts";
import { createOrdersClient } from "../../../subgraphs/payments/src/orders-client.ts";
import { SimulatedCardProcessor } from "../../../subgraphs/payments/src/processor/simulated-processor.ts";
import { resolvers as paymentsResolvers } from "../../../subgraphs/payments/src/resolvers/index.ts";
import { PrismaClient as ProductsPrisma } from "../../../subgraphs/products/src/__generated__/prisma/client.ts";
import { createContext as productsContext } from "../../../subgraphs/products/src/context.ts";
import { resolvers as productsResolvers } from "../../../subgraphs/products/src/resolvers/index.ts";
import { PrismaClient as UsersPrisma } from "../../../subgraphs/users/src/__generated__/prisma/client.ts";
import { createContext as usersContext } from "../../../subgraphs/users/src/context.ts";
import { resolvers as usersResolvers } from "../../../subgraphs/users/src/resolvers/index.ts";
import { federationGraphql } from "./api-schema.ts";
import type { Domain } from "./schema.ts";

export interface RunningDomain extends Domain {
  /** The domain's own per-request context for a caller. */
  context(caller: Caller, requestId: string): object;
}

export interface Domains {
  domains: RunningDomain[];
  ready(): Promise<void>;
  close(): Promise<void>;
}

export interface DomainSettings {
  databaseUrls: Record<"users" | "products" | "orders" | "payments", string>;
  jwtSecret: string;
  logger: Logger;
  /** Called once per SQL statement, with the service whose database ran it. */
  countQuery(service: string): void;
}

/** Codes of another service's errors that are the end user's business (as in @shop/shared/service-client). */
const FORWARDED_CODES = new Set(["BAD_USER_INPUT", "NOT_FOUND", "FORBIDDEN", "CONFLICT", "INSUFFICIENT_STOCK"]);

// buildSubgraphSchema builds with @apollo/subgraph's copy of graphql-js: execute on it with that same copy.
const { execute, parse, validate } = federationGraphql;

/** A ServiceClient that executes on another domain's subgraph schema in this process instead of over HTTP. */
function inProcessClient(issuer: string, target: () => { name: string; schema: GraphQLSchema; context: RunningDomain["context"] }): ServiceClient {
  const documents = new Map<string, DocumentNode>();
  return {
    async request<D>(query: string, variables: Record<string, unknown>, call: { userId: string | null; requestId?: string }): Promise<D> {
      const { name, schema, context } = target();
      let document = documents.get(query);
      if (!document) {
        document = parse(query);
        const errors = validate(schema, document);
        if (errors.length) throw serviceUnavailable(name, errors[0]);
        documents.set(query, document);
      }
      const result = await execute({ schema, document, variableValues: variables, contextValue: context({ issuer, userId: call.userId }, call.requestId ?? randomUUID()) });
      const first = result.errors?.[0];
      if (first) {
        const code = String(first.extensions?.code ?? "");
        if (FORWARDED_CODES.has(code)) {
          const { code: _code, ...extra } = first.extensions ?? {};
          throw graphError(code as "NOT_FOUND", first.message, extra);
        }
        throw serviceUnavailable(name, first);
      }
      return result.data as D;
    },
    close: async () => {},
  };
}

function sdlOf(service: string): string {
  return readFileSync(new URL(`../../../subgraphs/${service}/src/schema.graphql`, import.meta.url), "utf8");
}

export async function openDomains(settings: DomainSettings): Promise<Domains> {
  const { logger, databaseUrls } = settings;
  const opened: Array<ServiceDatabase<PrismaLike>> = [];
  const open = async <P extends PrismaLike>(service: keyof DomainSettings["databaseUrls"], create: (options: ClientOptions) => P) => {
    const database = await openServiceDatabase({
      service,
      url: databaseUrls[service],
      // The bench migrated and seeded it already; migrations are idempotent.
      seedMode: "never",
      production: true,
      logger,
      createClient: create,
    });
    // Counted exactly as the subgraphs count (db_queries_total: one per Prisma query event), so SQL per
    // operation compares like with like.
    database.onQuery(() => settings.countQuery(service));
    opened.push(database);
    return database.prisma;
  };
  try {
    const usersDb = await open("users", (options) => new UsersPrisma(options));
    const productsDb = await open("products", (options) => new ProductsPrisma(options));
    const ordersDb = await open("orders", (options) => new OrdersPrisma(options));
    const paymentsDb = await open("payments", (options) => new PaymentsPrisma(options));
    // The subgraphs' own defaults for their settings (stock reservation TTLs, payment staleness).
    const secretEnv = { SUBGRAPH_SECRET: "monolith-has-no-subgraph-credentials-x", JWT_SECRET: settings.jwtSecret, NODE_ENV: "production" };
    const orders = ordersConfig(secretEnv);
    const payments = paymentsConfig(secretEnv);
    const faults = createFaults(undefined, "production");

    const schemas = new Map<string, GraphQLSchema>();
    const byName = new Map<string, RunningDomain>();
    const target = (name: string) => () => {
      const domain = byName.get(name)!;
      let schema = schemas.get(name);
      if (!schema) {
        schema = buildSubgraphSchema([{ typeDefs: parse(domain.sdl), resolvers: domain.resolvers as GraphQLResolverMap<unknown> }]);
        schemas.set(name, schema);
      }
      return { name, schema, context: domain.context };
    };
    const ordersCheckout = {
      products: createProductsClient(inProcessClient("orders", target("products"))),
      faults,
      logger,
      orderTtlSeconds: orders.ORDER_TTL_SECONDS,
      paymentGraceSeconds: orders.ORDER_PAYMENT_GRACE_SECONDS,
    };
    const paymentsCheckout = {
      orders: createOrdersClient(inProcessClient("payments", target("orders"))),
      processor: new SimulatedCardProcessor(paymentsDb),
      faults,
      logger,
      staleAfterSeconds: payments.PAYMENT_STALE_AFTER_SECONDS,
    };
    const domains: RunningDomain[] = [
      { name: "users", sdl: sdlOf("users"), resolvers: usersResolvers, context: (caller, id) => usersContext(usersDb, settings.jwtSecret, caller, id) },
      { name: "products", sdl: sdlOf("products"), resolvers: productsResolvers, context: (caller, id) => productsContext(productsDb, caller, id) },
      { name: "orders", sdl: sdlOf("orders"), resolvers: ordersResolvers, context: (caller, id) => ordersContext(ordersDb, caller, id, ordersCheckout) },
      { name: "payments", sdl: sdlOf("payments"), resolvers: paymentsResolvers, context: (caller, id) => paymentsContext(paymentsDb, caller, id, paymentsCheckout) },
    ];
    for (const domain of domains) byName.set(domain.name, domain);
    return {
      domains,
      ready: async () => {
        await Promise.all(opened.map((db) => db.ready()));
      },
      close: async () => {
        await Promise.all(opened.map((db) => db.close()));
      },
    };
  } catch (error) {
    await Promise.all(opened.map((db) => db.close()));
    throw error;
  }
}
