// What a subgraph declares in its src/subgraph.ts and the scaffold turns into a process: name, port, settings,
// schema, resolvers, Prisma client, seed, process-wide dependencies, per-request context and background workers.
import type { z } from "zod";
import type { Faults } from "../faults.ts";
import type { Caller } from "../identity.ts";
import type { Logger } from "../logger.ts";
import type { SeedOptions } from "../seed-data.ts";
import type { ServiceClient } from "../service-client.ts";
import type { RequestHttp } from "../subgraph-server.ts";
import type { ClientOptions, PrismaLike } from "../service-database.ts";
import type { Sql } from "../sql.ts";
import type { SettingsDeclaration, SettingsOf } from "./settings.ts";

/**
 * What every request context starts from: the verified caller, the request id, the subgraph's Prisma client and
 * plain SQL on the same database for the per-request loaders (sql.ts says why).
 */
export interface SubgraphRequest<P> {
  caller: Caller;
  requestId: string;
  prisma: P;
  sql: Sql;
  /** The request's HTTP headers in, response headers out (subgraph-server.ts). */
  http: RequestHttp;
}

/** What a subgraph's dependency builder and workers get, once per process. */
export interface SubgraphKit<S, P> {
  settings: S;
  prisma: P;
  logger: Logger;
  /**
   * The process's test-only crash switch (FAULT_INJECTION): the builder arms the ports it wires with it (see
   * crashAfter in faults.ts), and the scaffold stops the workers once a crash tripped it.
   */
  faults: Faults;
  /**
   * A client of another service's GraphQL API, signed as this subgraph, with SERVICE_TIMEOUT_MS; closed when the
   * subgraph stops. The bench's monolith hands out in-process clients here instead.
   */
  serviceClient(target: string, url: string): ServiceClient;
  /** Registers what to close when the subgraph stops (a connection the dependencies opened), before its database. */
  onClose?(close: () => Promise<void>): void;
}

/** A periodic background task: run at start, then every `intervalMs`, never twice at once (see worker.ts). */
export interface WorkerDeclaration {
  intervalMs: number;
  run(): Promise<void>;
}

/**
 * A subgraph, declared. `D` is what `dependencies` builds once per process (service clients, a card processor,
 * settings the domain needs), handed to `context` for each request and to `workers`; `W` names the workers, each
 * of which the started subgraph offers as a method that runs it now (tests: `orders.sweep()`); `O` is what a
 * caller of start may pass to the builder (payments' card processor).
 */
export interface SubgraphDeclaration<F extends z.ZodRawShape, X, P extends PrismaLike, D, C extends object, W extends string, O>
  extends SettingsDeclaration<F, X> {
  /** The SDL: `new URL("./schema.graphql", import.meta.url)`. */
  schemaFile: URL;
  /**
   * The resolvers, typed by GraphQL Code Generator (`Resolvers` in src/__generated__/resolvers-types.ts). Apollo's
   * GraphQLResolverMap types `__resolveReference` like a field resolver, which codegen's federation types (rightly)
   * do not match, so the map is taken as a plain object and handed to buildSubgraphSchema as is.
   */
  resolvers: Record<string, object | undefined>;
  createClient: (options: ClientOptions) => P;
  /**
   * Inserts the demo data; idempotent (creates only what is missing). In production (`options.production`) it must
   * create no account with a known password and nothing that belongs to one (docs/security.md, production posture).
   */
  seed?: (prisma: P, options: SeedOptions) => Promise<void>;
  /** Builds the process-wide dependencies, after the database opened and before the server listens. */
  dependencies?: (kit: SubgraphKit<SettingsOf<F, X>, P>, options: O) => D;
  /** Builds one request's context. */
  context: (request: SubgraphRequest<P>, dependencies: D, settings: SettingsOf<F, X>) => C;
  /** The background workers, by the name under which the started subgraph runs each on demand. */
  workers?: (dependencies: D, kit: SubgraphKit<SettingsOf<F, X>, P>) => Record<W, WorkerDeclaration>;
}

/** The declaration as written, its types inferred end to end (settings -> dependencies -> context, workers). */
export function defineSubgraph<F extends z.ZodRawShape, X, P extends PrismaLike, D, C extends object, W extends string = never, O = Record<string, never>>(
  declaration: SubgraphDeclaration<F, X, P, D, C, W, O>,
): SubgraphDeclaration<F, X, P, D, C, W, O> {
  return declaration;
}

// biome-ignore lint/suspicious/noExplicitAny: a declaration of any subgraph, for code that only runs it.
export type AnySubgraph = SubgraphDeclaration<any, any, any, any, any, any, any>;

/** The parsed settings type of a declaration. */
export type SettingsOfSubgraph<T> = T extends SubgraphDeclaration<infer F, infer X, infer _P, infer _D, infer _C, infer _W, infer _O> ? SettingsOf<F, X> : never;
