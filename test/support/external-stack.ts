// The integration suites against a supergraph that runs elsewhere (pnpm test:hosts, every service on its own
// address): requests go to the router at STACK_ROUTER_URL, checks read each service's PostgreSQL database directly,
// and nothing is started or restarted here.
import { deriveServiceKey } from "@shop/shared/identity";
import { keyToward } from "@shop/shared/service-keys";
import { createFaults } from "@shop/shared/faults";
import { openDatabase } from "@shop/shared/database";
import { createLogger } from "@shop/shared/logger";
import { createServiceClient } from "@shop/shared/service-client";
import { postGraphQL } from "@shop/shared/testing";
import { z } from "zod";
import { PrismaClient as OrdersPrisma } from "../../subgraphs/orders/src/__generated__/prisma/client.ts";
import { sweep } from "../../subgraphs/orders/src/domain/sweeper.ts";
import { createProductsClient } from "../../subgraphs/orders/src/products-client.ts";
import { PrismaClient as PaymentsPrisma } from "../../subgraphs/payments/src/__generated__/prisma/client.ts";
import { PrismaClient as ProductsPrisma } from "../../subgraphs/products/src/__generated__/prisma/client.ts";
import { PrismaClient as UsersPrisma } from "../../subgraphs/users/src/__generated__/prisma/client.ts";
import { derivedSubgraphKeys, type Stack } from "./stack.ts";

const SERVICES = ["USERS", "PRODUCTS", "ORDERS", "PAYMENTS"] as const;

const schema = z.object({
  STACK_ROUTER_URL: z.url(),
  ...Object.fromEntries(SERVICES.flatMap((s) => [[`STACK_${s}_URL`, z.url()], [`STACK_${s}_DATABASE_URL`, z.string().regex(/^postgres(ql)?:\/\//)]])),
  JWT_SECRET: z.string().min(32),
  SUBGRAPH_SECRET: z.string().min(32),
}) as z.ZodType<Record<string, string>>;

export type ExternalStackConfig = Record<string, string>;

/** The external stack's settings when STACK_ROUTER_URL is set (every other STACK_* variable is then required). */
export function externalStackConfig(env: NodeJS.ProcessEnv = process.env): ExternalStackConfig | undefined {
  if (!env.STACK_ROUTER_URL) return undefined;
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw new Error(`STACK_ROUTER_URL is set but the external stack is incomplete: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

const unavailable = (what: string) => () => {
  throw new Error(`${what} needs the in-process stack; it is not available against an external router (STACK_ROUTER_URL)`);
};

export async function connectExternalStack(config: ExternalStackConfig): Promise<Stack> {
  const url = config.STACK_ROUTER_URL!;
  const logger = createLogger("external-stack", process.env.TEST_LOG_LEVEL ?? "fatal");
  const connections = await Promise.all(SERVICES.map((s) => openDatabase(config[`STACK_${s}_DATABASE_URL`]!, { poolSize: 4 })));
  const [users, products, orders, payments] = connections as [(typeof connections)[0], (typeof connections)[0], (typeof connections)[0], (typeof connections)[0]];
  const clients = {
    users: new UsersPrisma({ adapter: users.adapter }),
    products: new ProductsPrisma({ adapter: products.adapter }),
    orders: new OrdersPrisma({ adapter: orders.adapter }),
    payments: new PaymentsPrisma({ adapter: payments.adapter }),
  };
  // The sweep a test asks for runs here, as one more sweeper replica on the orders database: the service's own
  // sweepers run beside it, which the sweeper is built for (rows claimed with SKIP LOCKED).
  const productsService = createServiceClient({
    issuer: "orders",
    target: "products",
    url: config.STACK_PRODUCTS_URL!,
    key: keyToward({ name: "orders", signingKey: deriveServiceKey(config.SUBGRAPH_SECRET!, "orders") }, "products"),
    timeoutMs: 5_000,
  });
  const checkout = { products: createProductsClient(productsService), faults: createFaults(undefined, "test"), logger, orderTtlSeconds: 900, paymentGraceSeconds: 300 };
  const query = <D = Record<string, any>>(text: string, variables: Record<string, unknown> = {}, token?: string) =>
    postGraphQL<D>(url, text, variables, token ? { authorization: `Bearer ${token}` } : {});

  return {
    kind: "postgresql",
    url,
    secrets: { jwt: config.JWT_SECRET!, subgraph: config.SUBGRAPH_SECRET! },
    keysOf: (name) => derivedSubgraphKeys(config.SUBGRAPH_SECRET!, name),
    subgraphs: {
      users: { url: config.STACK_USERS_URL!, prisma: clients.users },
      products: { url: config.STACK_PRODUCTS_URL!, prisma: clients.products },
      orders: { url: config.STACK_ORDERS_URL!, prisma: clients.orders, sweep: () => sweep(clients.orders, checkout) },
      payments: { url: config.STACK_PAYMENTS_URL!, prisma: clients.payments, recover: unavailable("payments.recover()"), stop: unavailable("payments.stop()") },
    },
    get router(): never {
      return unavailable("stack.router")();
    },
    query,
    async login(email: string, password = "storefront-demo") {
      const result = await query<{ login: { token: string } }>(
        "mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token } }",
        { e: email, p: password },
      );
      if (!result.data?.login) throw new Error(`login failed: ${JSON.stringify(result.errors)}`);
      return result.data.login.token;
    },
    restart: unavailable("stack.restart()"),
    startRouter: unavailable("stack.startRouter()"),
    async stop() {
      await Promise.all(Object.values(clients).map((client) => client.$disconnect()));
      await Promise.all(connections.map((connection) => connection.close()));
      await productsService.close();
    },
  };
}
