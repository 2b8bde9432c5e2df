// Two replicas of every service on one machine: two of each subgraph on the service's one PostgreSQL database and two
// routers, each pair behind a round-robin proxy; services reach each other and the routers reach the subgraphs only
// through the proxies, as behind a load balancer. The replicas share this one Node process: each has its own
// server, Prisma client, pool, workers and caches (all built by its start function); the only module-level state
// in the services is constant (identity.ts's encoded keys, lookup sets), so they are as separate as processes here.
// pnpm test:hosts runs every service as its own process on its own address.
import path from "node:path";
import { createLogger } from "@shop/shared/logger";
import { repoRoot } from "@shop/shared/paths";
import { postGraphQL, testEnv } from "@shop/shared/testing";
import { loadConfig as loadRouterConfig } from "../../router/src/config.ts";
import { type RunningRouter, startRouter } from "../../router/src/server.ts";
import { readSupergraphConfig } from "../../router/src/supergraph.ts";
import { loadConfig as loadOrdersConfig, startOrdersSubgraph } from "../../subgraphs/orders/src/subgraph.ts";
import { loadConfig as loadPaymentsConfig, startPaymentsSubgraph } from "../../subgraphs/payments/src/subgraph.ts";
import { loadConfig as loadProductsConfig, startProductsSubgraph } from "../../subgraphs/products/src/subgraph.ts";
import { loadConfig as loadUsersConfig, startUsersSubgraph } from "../../subgraphs/users/src/subgraph.ts";
import { createDatabases, type ServiceName } from "./databases.ts";
import { type RoundRobinProxy, startRoundRobinProxy } from "./round-robin-proxy.ts";

const LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? "fatal";
const REPLICAS = 2;

/** Starts `REPLICAS` of one service, one after the other (the first migrates and seeds, the others find it done). */
async function replicate<T>(start: (index: number) => Promise<T>): Promise<T[]> {
  const started: T[] = [];
  for (let index = 0; index < REPLICAS; index++) started.push(await start(index));
  return started;
}

const origin = (url: string) => new URL(url).origin;

/** `replicaEnv.payments[0]` is extra environment for the first payments replica only (e.g. FAULT_INJECTION). */
export async function startReplicatedStack(overrides: Record<string, string> = {}, replicaEnv: Partial<Record<ServiceName, Array<Record<string, string>>>> = {}) {
  if (!process.env.TEST_POSTGRES_URL) throw new Error("replicas share one database per service: set TEST_POSTGRES_URL");
  const databases = await createDatabases("postgresql");
  const env = (service: ServiceName, index: number, extra: Record<string, string> = {}) =>
    testEnv({ DATABASE_URL: databases.urls[service], LOG_LEVEL, ...overrides, ...extra, ...replicaEnv[service]?.[index] });
  const logger = (name: string, index: number) => createLogger(`${name}-${index + 1}`, LOG_LEVEL);
  const proxies: Record<ServiceName | "router", RoundRobinProxy> = {
    users: await startRoundRobinProxy("users"),
    products: await startRoundRobinProxy("products"),
    orders: await startRoundRobinProxy("orders"),
    payments: await startRoundRobinProxy("payments"),
    router: await startRoundRobinProxy("router"),
  };
  const graphqlUrl = (service: ServiceName) => `${proxies[service].url}/graphql`;
  const stoppers: Array<() => Promise<void>> = [];
  const started = async <T extends { url: string; stop(): Promise<void> }>(service: ServiceName, replicas: T[]) => {
    stoppers.push(...replicas.map((replica) => () => replica.stop()));
    proxies[service].setTargets(replicas.map((replica) => origin(replica.url)));
    return replicas;
  };

  try {
    const users = await started("users", await replicate((i) => startUsersSubgraph(loadUsersConfig(env("users", i)), logger("users", i))));
    const products = await started("products", await replicate((i) => startProductsSubgraph(loadProductsConfig(env("products", i)), logger("products", i))));
    const orders = await started(
      "orders",
      await replicate((i) => startOrdersSubgraph(loadOrdersConfig(env("orders", i, { PRODUCTS_URL: graphqlUrl("products") })), logger("orders", i))),
    );
    const payments = await started(
      "payments",
      await replicate((i) => startPaymentsSubgraph(loadPaymentsConfig(env("payments", i, { ORDERS_URL: graphqlUrl("orders") })), logger("payments", i))),
    );
    const urls = { USERS_URL: graphqlUrl("users"), PRODUCTS_URL: graphqlUrl("products"), ORDERS_URL: graphqlUrl("orders"), PAYMENTS_URL: graphqlUrl("payments") };
    const routers: RunningRouter[] = await replicate((i) =>
      startRouter(loadRouterConfig(testEnv({ LOG_LEVEL, SUPERGRAPH_WATCH: "false", ...overrides })), {
        supergraph: readSupergraphConfig(path.join(repoRoot, "supergraph.yaml"), urls),
        logger: logger("router", i),
      }),
    );
    stoppers.push(...routers.map((router) => () => router.stop()));
    proxies.router.setTargets(routers.map((router) => router.url));
    const url = `${proxies.router.url}/graphql`;

    return {
      /** The router proxy's GraphQL endpoint: requests alternate between the two routers. */
      url,
      /** Each router replica's own GraphQL endpoint, to send a request to one replica on purpose. */
      routerUrls: routers.map((router) => `${router.url}/graphql`),
      proxies,
      /** The first replica of each subgraph, for reading its database (all replicas share it). */
      subgraphs: { users: users[0]!, products: products[0]!, orders: orders[0]!, payments: payments[0]! },
      /** Every replica of the services that run background work (the orders sweeper, payment recovery). */
      replicas: { orders, payments },
      query: <D = Record<string, any>>(query: string, variables: Record<string, unknown> = {}, token?: string, at = url) =>
        postGraphQL<D>(at, query, variables, token ? { authorization: `Bearer ${token}` } : {}),
      async stop() {
        await Promise.allSettled(stoppers.reverse().map((stop) => stop()));
        await Promise.allSettled(Object.values(proxies).map((proxy) => proxy.stop()));
        await databases.drop();
      },
    };
  } catch (error) {
    await Promise.allSettled(stoppers.reverse().map((stop) => stop()));
    await Promise.allSettled(Object.values(proxies).map((proxy) => proxy.stop()));
    await databases.drop();
    throw error;
  }
}

export type ReplicatedStack = Awaited<ReturnType<typeof startReplicatedStack>>;
