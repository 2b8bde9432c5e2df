// Starts the whole supergraph for a test: the four real subgraphs and the real router on free ports,
// each subgraph on its own database, and stops it all afterwards. With STACK_ROUTER_URL set (pnpm test:hosts) it
// starts nothing and talks to that supergraph instead (external-stack.ts).
import path from "node:path";
import { ROUTER_ISSUERS } from "@shop/shared/identity";
import { createLogger } from "@shop/shared/logger";
import { repoRoot } from "@shop/shared/paths";
import { derivedTrustedKeys, type ServiceKeys } from "@shop/shared/service-keys";
import { type GraphQLResponse, postGraphQL, testEnv } from "@shop/shared/testing";
import { loadConfig as loadRouterConfig } from "../../router/src/config.ts";
import { type RouterOptions, type RunningRouter, startRouter } from "../../router/src/server.ts";
import { readSupergraphConfig } from "../../router/src/supergraph.ts";
import { loadConfig as loadOrdersConfig, startOrdersSubgraph } from "../../subgraphs/orders/src/subgraph.ts";
import { loadConfig as loadPaymentsConfig, startPaymentsSubgraph } from "../../subgraphs/payments/src/subgraph.ts";
import { loadConfig as loadProductsConfig, startProductsSubgraph } from "../../subgraphs/products/src/subgraph.ts";
import { loadConfig as loadUsersConfig, startUsersSubgraph } from "../../subgraphs/users/src/subgraph.ts";
import type { PrismaClient as OrdersPrisma } from "../../subgraphs/orders/src/__generated__/prisma/client.ts";
import type { PrismaClient as PaymentsPrisma } from "../../subgraphs/payments/src/__generated__/prisma/client.ts";
import type { PrismaClient as ProductsPrisma } from "../../subgraphs/products/src/__generated__/prisma/client.ts";
import type { PrismaClient as UsersPrisma } from "../../subgraphs/users/src/__generated__/prisma/client.ts";
import { createDatabases, type ServiceName, type TestDatabases } from "./databases.ts";
import { connectExternalStack, externalStackConfig } from "./external-stack.ts";

const LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? "fatal";

/** Every issuer of the shop's credentials: the router, its cache poller and each subgraph. */
const ISSUERS = [...ROUTER_ISSUERS, "users", "products", "orders", "payments"];

/** The keys subgraph `name` checks each issuer with when every key derives from `master` (SUBGRAPH_SECRET). */
export function derivedSubgraphKeys(master: string, name: ServiceName): ServiceKeys {
  return { name, trusted: derivedTrustedKeys(master, name, ISSUERS) };
}

export interface StackOptions {
  /** PGlite in a temporary directory instead of memory, so services can be restarted on their data. */
  persistent?: boolean;
  /** Extra environment for one service (e.g. FAULT_INJECTION, ORDER_TTL_SECONDS). */
  services?: Partial<Record<ServiceName, Record<string, string>>>;
  /** Databases that already exist (and outlive the stack: the caller drops them), instead of new ones. */
  databases?: TestDatabases;
}

interface SubgraphHandle<P> {
  /** The subgraph's GraphQL endpoint (for calling it directly, as another service would). */
  url: string;
  /** A client on the subgraph's own database, to check what a request changed. */
  prisma: P;
}

/** What the integration suites use of a running supergraph, started here or reached at an address. */
export interface Stack {
  kind: "pglite" | "postgresql";
  /** The router's GraphQL endpoint. */
  url: string;
  secrets: { jwt: string; subgraph: string };
  /**
   * The keys subgraph `name` checks its callers with (derived from SUBGRAPH_SECRET as the subgraph derives them): for
   * calling it directly as the router or as another service (callSubgraph, callSubgraphAs in testing.ts).
   */
  keysOf(name: ServiceName): ServiceKeys;
  subgraphs: {
    users: SubgraphHandle<UsersPrisma>;
    products: SubgraphHandle<ProductsPrisma>;
    orders: SubgraphHandle<OrdersPrisma> & { sweep(): Promise<void> };
    payments: SubgraphHandle<PaymentsPrisma> & { recover(): Promise<void>; stop(): Promise<void> };
  };
  /** The in-process router (not available against an external stack). */
  router: RunningRouter;
  query<D = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<D>>;
  login(email: string, password?: string): Promise<string>;
  restart(name: "orders" | "payments", extra?: Record<string, string>): Promise<unknown>;
  startRouter(env?: Record<string, string>, options?: RouterOptions): Promise<RunningRouter & { graphqlUrl: string }>;
  stop(): Promise<void>;
}

/**
 * The supergraph for a test: started in this process on `kind` databases, or, when STACK_ROUTER_URL is set, the one
 * running at that address (`kind`, `overrides` and `options` then do not apply: that stack was configured when started).
 */
export async function startStack(kind: "pglite" | "postgresql", overrides: Record<string, string> = {}, options: StackOptions = {}): Promise<Stack> {
  const external = externalStackConfig();
  if (external) return connectExternalStack(external);
  return startLocalStack(kind, overrides, options);
}

async function startLocalStack(kind: "pglite" | "postgresql", overrides: Record<string, string>, options: StackOptions) {
  const databases = options.databases ?? (await createDatabases(kind, { persistent: options.persistent }));
  const env = (service: ServiceName, extra: Record<string, string> = {}) =>
    testEnv({ DATABASE_URL: databases.urls[service], LOG_LEVEL, ...overrides, ...options.services?.[service], ...extra });
  const logger = (name: string) => createLogger(name, LOG_LEVEL);
  // Orders calls products and payments calls orders, and each listens on a free port: start them in that order.
  const [users, products] = await Promise.all([
    startUsersSubgraph(loadUsersConfig(env("users")), logger("users")),
    startProductsSubgraph(loadProductsConfig(env("products")), logger("products")),
  ]);
  const startOrders = (extra: Record<string, string> = {}) =>
    startOrdersSubgraph(loadOrdersConfig(env("orders", { PRODUCTS_URL: products.url, ...extra })), logger("orders"));
  const orders = await startOrders();
  const startPayments = (extra: Record<string, string> = {}) =>
    startPaymentsSubgraph(loadPaymentsConfig(env("payments", { ORDERS_URL: orders.url, ...extra })), logger("payments"));
  const payments = await startPayments();
  const subgraphs = { users, products, orders, payments };
  const urls = Object.fromEntries(Object.entries(subgraphs).map(([name, s]) => [`${name.toUpperCase()}_URL`, s.url]));
  const routerEnv = testEnv({ LOG_LEVEL, ...overrides });
  const router = await startRouter(loadRouterConfig(routerEnv), {
    supergraph: readSupergraphConfig(path.join(repoRoot, "supergraph.yaml"), urls),
    logger: logger("router"),
  });
  const url = `${router.url}/graphql`;
  const extraRouters: RunningRouter[] = [];

  return {
    kind,
    url,
    router,
    subgraphs,
    secrets: { jwt: routerEnv.JWT_SECRET!, subgraph: routerEnv.SUBGRAPH_SECRET! },
    keysOf: (name: ServiceName) => derivedSubgraphKeys(routerEnv.SUBGRAPH_SECRET!, name),
    /** Sends an operation through the router, as the holder of `token` when given. */
    query: <D = Record<string, any>>(query: string, variables: Record<string, unknown> = {}, token?: string) =>
      postGraphQL<D>(url, query, variables, token ? { authorization: `Bearer ${token}` } : {}),
    async login(email: string, password = "storefront-demo"): Promise<string> {
      const result = await postGraphQL<{ login: { token: string } }>(
        url,
        "mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token } }",
        { e: email, p: password },
      );
      if (!result.data?.login) throw new Error(`login failed: ${JSON.stringify(result.errors)}`);
      return result.data.login.token;
    },
    /**
     * Stops orders or payments (as if its process died) and starts it again on the same database and port, with
     * `extra` environment (e.g. no FAULT_INJECTION any more). Needs `persistent` on PGlite.
     */
    async restart(name: "orders" | "payments", extra: Record<string, string> = {}) {
      const old = subgraphs[name];
      await old.stop();
      const port = String(old.port);
      if (name === "orders") subgraphs.orders = await startOrders({ FAULT_INJECTION: "", PORT: port, SEED: "never", ...extra });
      else subgraphs.payments = await startPayments({ FAULT_INJECTION: "", PORT: port, SEED: "never", ...extra });
      return subgraphs[name];
    },
    /**
     * Starts another router over the same subgraphs, with `env` added to the test environment (e.g.
     * NODE_ENV=production, limits, trusted documents); with SUPERGRAPH_CONFIG set it reads that file, with
     * the running subgraphs' URLs as overrides. Stopped with the stack unless stopped before.
     */
    async startRouter(env: Record<string, string> = {}, options: RouterOptions = {}): Promise<RunningRouter & { graphqlUrl: string }> {
      const config = loadRouterConfig(testEnv({ LOG_LEVEL, ...overrides, ...env }));
      const supergraph = env.SUPERGRAPH_CONFIG ? undefined : readSupergraphConfig(path.join(repoRoot, "supergraph.yaml"), urls);
      const extra = await startRouter(config, { supergraph, subgraphUrls: urls, logger: logger("router"), ...options });
      let stopped = false;
      const running = {
        ...extra,
        graphqlUrl: `${extra.url}/graphql`,
        stop: async () => {
          if (stopped) return;
          stopped = true;
          await extra.stop();
        },
      };
      extraRouters.push(running);
      return running;
    },
    async stop() {
      await Promise.all(extraRouters.map((extra) => extra.stop()));
      await router.stop();
      await Promise.all(Object.values(subgraphs).map((subgraph) => subgraph.stop()));
      if (!options.databases) await databases.drop();
    },
  };
}
