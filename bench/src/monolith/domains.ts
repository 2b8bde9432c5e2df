// The four subgraphs' code in one process: each opens its own database with its own Prisma client, keeps its
// own resolvers and per-request context, and calls the other services in-process (orders -> products for
// stock, payments -> orders for the order it charges) through an executor of the other subgraph's own schema,
// signed as the calling service exactly as the HTTP service client would be. Only the bench imports this.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { buildSubgraphSchema } from "@apollo/subgraph";
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper/resolverMap.js";
import { createFaults } from "@shop/shared/faults";
import type { Caller } from "@shop/shared/identity";
import type { Logger } from "@shop/shared/logger";
import { answeredError, serviceUnavailable, type ServiceClient } from "@shop/shared/service-client";
import { openServiceDatabase, type PrismaLike, type ServiceDatabase } from "@shop/shared/service-database";
import type { AnySubgraph, SubgraphKit } from "@shop/shared/subgraph/declaration";
import type { RequestHttp } from "@shop/shared/subgraph-server";
import { loadSettings } from "@shop/shared/subgraph/settings";
import type { DocumentNode, GraphQLSchema } from "graphql";
import { DECLARATIONS } from "../declarations.ts";
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

const NO_HTTP: RequestHttp = { header: () => undefined, setHeader: () => {} };

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
      if (first) throw answeredError(name, first);
      return result.data as D;
    },
    close: async () => {},
  };
}

export async function openDomains(settings: DomainSettings): Promise<Domains> {
  const { logger, databaseUrls } = settings;
  const opened: Array<ServiceDatabase<PrismaLike>> = [];
  try {
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
    // Each subgraph's settings from this process's environment, as each subgraph reads its own (the bench gives the
    // monolith the order caps and token lifetime it gives every process); their defaults otherwise.
    const env = { ...process.env, SUBGRAPH_SECRET: "monolith-has-no-subgraph-credentials-x", JWT_SECRET: settings.jwtSecret, NODE_ENV: "production" };
    const faults = createFaults(undefined, "production");
    for (const declaration of Object.values(DECLARATIONS) as AnySubgraph[]) {
      const name = declaration.name as keyof DomainSettings["databaseUrls"];
      const database = await openServiceDatabase({
        service: name,
        url: databaseUrls[name],
        // The bench migrated and seeded it already; migrations are idempotent.
        seedMode: "never",
        production: true,
        logger,
        createClient: declaration.createClient,
      });
      opened.push(database);
      // Counted exactly as the subgraphs count (db_queries_total: one per Prisma query event), so SQL per
      // operation compares like with like.
      database.onQuery(() => settings.countQuery(name));
      const subgraphSettings = loadSettings(declaration, env);
      // The declaration's own dependencies, with in-process clients of the other domains instead of HTTP ones.
      const kit: SubgraphKit<typeof subgraphSettings, PrismaLike> = {
        settings: subgraphSettings,
        prisma: database.prisma,
        logger,
        faults,
        serviceClient: (other) => inProcessClient(name, target(other)),
      };
      const dependencies = declaration.dependencies?.(kit, {});
      byName.set(name, {
        name,
        sdl: readFileSync(declaration.schemaFile, "utf8"),
        resolvers: declaration.resolvers,
        // No router in front: no session cookie to read or set.
        context: (caller, requestId) =>
          declaration.context({ caller, requestId, prisma: database.prisma, sql: database.sql, http: NO_HTTP }, dependencies, subgraphSettings),
      });
    }
    return {
      domains: [...byName.values()],
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
