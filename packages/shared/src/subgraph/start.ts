// Starts a declared subgraph in this process: opens (migrates, seeds) its database, builds its dependencies, serves
// its federated schema over HTTP, runs its workers, and stops it all in order. No signal handling: the process
// entry (process.ts) and the tests own the process.
import { readFileSync } from "node:fs";
import { buildSubgraphSchema } from "@apollo/subgraph";
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper/resolverMap.js";
import { parse } from "graphql";
import type { z } from "zod";
import { createFaults } from "../faults.ts";
import { createLogger, type Logger } from "../logger.ts";
import { registerQueryMetrics } from "../query-metrics.ts";
import { createServiceClient, type ServiceClient } from "../service-client.ts";
import { keyToward } from "../service-keys.ts";
import { openServiceDatabase, type PrismaLike, type ServiceDatabase } from "../service-database.ts";
import { registerPoolMetrics, type RunningSubgraph, startSubgraphServer } from "../subgraph-server.ts";
import type { Sql } from "../sql.ts";
import { startWorker, type Worker } from "../worker.ts";
import type { SubgraphDeclaration, SubgraphKit, WorkerDeclaration } from "./declaration.ts";
import { loadSettings, type SettingsOf, type SubgraphSettings } from "./settings.ts";

export type StartedSubgraph<P, W extends string> = RunningSubgraph & {
  /** A client on the subgraph's own database. */
  prisma: P;
  /** Plain SQL on the same database (sql.ts). */
  sql: Sql;
} & { [K in W]: () => Promise<void> };

export async function startSubgraph<F extends z.ZodRawShape, X, P extends PrismaLike, D, C extends object, W extends string, O>(
  declaration: SubgraphDeclaration<F, X, P, D, C, W, O>,
  settings: SettingsOf<F, X>,
  logger: Logger = createLogger(declaration.name),
  options: O = {} as O,
): Promise<StartedSubgraph<P, W>> {
  const { name } = declaration;
  const faults = createFaults(settings.FAULT_INJECTION, settings.NODE_ENV);
  const database = await openServiceDatabase({
    service: name,
    url: settings.DATABASE_URL,
    createClient: declaration.createClient,
    seed: declaration.seed,
    seedMode: settings.SEED,
    migrateOnStart: settings.MIGRATE_ON_START,
    production: settings.NODE_ENV === "production",
    logger,
  });
  const clients = serviceClients(name, settings);
  const workers: Array<[W, Worker]> = [];
  const stopWorkers = () => Promise.all(workers.map(([, worker]) => worker.stop()));
  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    await Promise.all(closers.map((closer) => closer()));
    await database.close();
    await clients.close();
  };
  try {
    const kit: SubgraphKit<SettingsOf<F, X>, P> = { settings, prisma: database.prisma, logger, faults, serviceClient: clients.create, onClose: (closer) => closers.push(closer) };
    const dependencies = declaration.dependencies?.(kit, options) as D;
    const server = await serve(declaration, settings, database, dependencies, logger);
    // A crashed process (fault injection) is "dead": its workers do nothing more.
    for (const [key, worker] of Object.entries(declaration.workers?.(dependencies, kit) ?? {}) as Array<[W, WorkerDeclaration]>) {
      workers.push([key, startWorker(`${name}-${key}`, worker.intervalMs, worker.run, logger, { enabled: () => !faults.crashed })]);
    }
    const runNow = Object.fromEntries(workers.map(([key, worker]) => [key, () => worker.runNow()])) as { [K in W]: () => Promise<void> };
    return {
      ...server,
      ...runNow,
      prisma: database.prisma,
      sql: database.sql,
      stop: async () => {
        await stopWorkers();
        await server.stop();
        await close();
        logger.info(`${name} subgraph stopped`);
      },
    };
  } catch (error) {
    await stopWorkers();
    await close();
    throw error;
  }
}

/** The federated schema served over HTTP, each request's context built by the declaration. */
function serve<F extends z.ZodRawShape, X, P extends PrismaLike, D, C extends object, W extends string, O>(
  declaration: SubgraphDeclaration<F, X, P, D, C, W, O>,
  settings: SettingsOf<F, X>,
  database: ServiceDatabase<P>,
  dependencies: D,
  logger: Logger,
): Promise<RunningSubgraph> {
  const schema = buildSubgraphSchema([
    { typeDefs: parse(readFileSync(declaration.schemaFile, "utf8")), resolvers: declaration.resolvers as GraphQLResolverMap<unknown> },
  ]);
  return startSubgraphServer({
    name: declaration.name,
    schema,
    logger,
    trusted: settings.serviceKeys.trusted,
    callers: declaration.callers,
    port: settings.PORT,
    host: settings.HOST,
    ready: database.ready,
    context: ({ caller, requestId, http }) =>
      declaration.context({ caller, requestId, http, prisma: database.prisma, sql: database.sql }, dependencies, settings),
    registerMetrics: (registry) => {
      registerPoolMetrics(registry, database.connection);
      registerQueryMetrics(registry, database.onQuery);
    },
  });
}

/** The clients of other services a subgraph's dependencies create, signed as the subgraph; closed together. */
function serviceClients(issuer: string, settings: SubgraphSettings) {
  const clients: ServiceClient[] = [];
  return {
    create: (target: string, url: string) => {
      const client = createServiceClient({ issuer, target, url, key: keyToward(settings.serviceKeys, target), timeoutMs: settings.SERVICE_TIMEOUT_MS });
      clients.push(client);
      return client;
    },
    close: () => Promise.all(clients.map((client) => client.close())),
  };
}

/** What tests and tools call a declared subgraph by: its settings parser and its start (subgraph.ts exports them by name). */
export function entryPoints<F extends z.ZodRawShape, X, P extends PrismaLike, D, C extends object, W extends string, O>(
  declaration: SubgraphDeclaration<F, X, P, D, C, W, O>,
) {
  return {
    loadConfig: (env: NodeJS.ProcessEnv = process.env): SettingsOf<F, X> => loadSettings(declaration, env),
    start: (settings: SettingsOf<F, X>, logger?: Logger, options?: O) => startSubgraph(declaration, settings, logger, options),
  };
}
