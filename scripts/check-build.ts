// `pnpm build:check`: proves `pnpm build`'s folders run on plain `node` as the images run them: each migration job
// (`node migrate.js`), then every service (`node main.js`, MIGRATE_ON_START=false), a sign-up, an order and its
// payment, and one query across all four subgraphs through the built router. PostgreSQL throwaway databases with TEST_POSTGRES_URL, else PGlite folders.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "@shop/shared/paths";
import { seedProducts } from "@shop/shared/seed-data";
import { freePort, postGraphQL, waitForUrl } from "@shop/shared/testing";
import { createDatabases, SERVICES, type ServiceName } from "../test/support/databases.ts";
import { processKeys } from "./services.ts";

const BUILD = path.join(repoRoot, "build");
// Throwaway values for this check only; real deployments take them from a Secret. Each process gets its own keys
// only (as from `pnpm service-keys`), never the root they are derived from.
const JWT_SECRET = "build-check-jwt-secret-0123456789abcdef";
const KEY_ROOT = "build-check-subgraph-secret-0123456789ab";
const secretsOf = (process: string) => ({ JWT_SECRET, ...processKeys(KEY_ROOT, process) });
/** What must not be in a production folder: the toolchain and the test tools. */
const DEV_ONLY = ["tsx", "typescript", "vitest", "prisma", "@biomejs/biome", "@graphql-codegen/cli"];

const started = Date.now();
const children: ChildProcess[] = [];
const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

/** Runs `node <entry>` in a built folder with only the given environment (no tsx loader, no NODE_OPTIONS). */
function node(service: string, entry: string, env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, [entry], {
    cwd: path.join(BUILD, service),
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "inherit", "inherit"],
  });
  children.push(child);
  return child;
}

const exited = (child: ChildProcess) =>
  new Promise<number>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once("exit", (code) => resolve(code ?? 1))));

function checkFolders(): void {
  for (const service of [...SERVICES, "router"]) {
    const dir = path.join(BUILD, service);
    if (!existsSync(path.join(dir, "main.js"))) throw new Error(`${dir}/main.js is missing: run pnpm build first`);
    const present = DEV_ONLY.filter((name) => existsSync(path.join(dir, "node_modules", name)));
    if (present.length) throw new Error(`build/${service} has development packages: ${present.join(", ")}`);
  }
}

async function main(): Promise<void> {
  checkFolders();
  const kind = process.env.TEST_POSTGRES_URL ? "postgresql" : "pglite";
  const databases = await createDatabases(kind, { persistent: true });
  try {
    // The migration jobs, as the compose one-shots and the Kubernetes Jobs run them; SEED=always for the query below.
    const codes = await Promise.all(
      SERVICES.map((service) => exited(node(service, "migrate.js", { DATABASE_URL: databases.urls[service], SEED: "always" }))),
    );
    codes.forEach((code, index) => {
      if (code !== 0) throw new Error(`${SERVICES[index]} migration job exited with ${code}`);
    });
    console.log(`build:check: four migration jobs done on ${kind} (${seconds()})`);

    const ports = Object.fromEntries(await Promise.all(SERVICES.map(async (s) => [s, await freePort()]))) as Record<ServiceName, number>;
    const url = (service: ServiceName) => `http://127.0.0.1:${ports[service]}`;
    for (const service of SERVICES) {
      node(service, "main.js", {
        ...secretsOf(service),
        PORT: String(ports[service]),
        DATABASE_URL: databases.urls[service],
        MIGRATE_ON_START: "false",
        PRODUCTS_URL: `${url("products")}/graphql`,
        ORDERS_URL: `${url("orders")}/graphql`,
      });
    }
    const routerPort = await freePort();
    node("router", "main.js", {
      ...secretsOf("router"),
      PORT: String(routerPort),
      SUPERGRAPH_WATCH: "false",
      ...Object.fromEntries(SERVICES.map((service) => [`${service.toUpperCase()}_URL`, `${url(service)}/graphql`])),
    });
    const router = `http://127.0.0.1:${routerPort}`;
    for (const base of [...SERVICES.map(url), router]) {
      await waitForUrl(`${base}/health`, 60_000);
      await waitForUrl(`${base}/ready`, 60_000);
    }
    console.log(`build:check: four subgraphs and the router are healthy and ready (${seconds()})`);

    // A production router serves only the storefront's registered operations: send two of them, as the storefront does.
    const manifest = JSON.parse(readFileSync(path.join(BUILD, "router", "storefront", "persisted-query-manifest.json"), "utf8")) as {
      operations: Array<{ name: string; body: string }>;
    };
    const registered = (name: string) => manifest.operations.find((operation) => operation.name === name)!.body;
    // Production seeds no account (only the catalogue): a shopper signs up, places an order and pays for it.
    const send = async <D>(name: string, variables: Record<string, unknown>, token?: string): Promise<D> => {
      const answer = await postGraphQL<D>(`${router}/graphql`, registered(name), variables, token ? { authorization: `Bearer ${token}` } : {});
      if (answer.errors || !answer.data) throw new Error(`${name} through the built router failed: ${JSON.stringify(answer.errors ?? answer)}`);
      return answer.data;
    };
    const suffix = randomBytes(6).toString("hex");
    const { signUp } = await send<{ signUp: { token: string } }>("SignUp", {
      input: { email: `build-check-${suffix}@example.com`, name: "Build Check", password: randomBytes(12).toString("base64url") },
    });
    const token = signUp.token;
    const mug = seedProducts.find((product) => product.sku === "MUG-001")!;
    const { placeOrder } = await send<{ placeOrder: { id: string } }>(
      "PlaceOrder",
      { input: { items: [{ productId: mug.id, quantity: 1 }], idempotencyKey: `build-check-${suffix}` } },
      token,
    );
    await send("PayOrder", { input: { orderId: placeOrder.id, paymentMethod: "pm_card_visa", idempotencyKey: `build-check-pay-${suffix}` } }, token);
    type Order = { items: Array<{ product: { name: string } }>; payment: { status: string } | null };
    const orders = await postGraphQL<{ me: { orderHistory: { edges: Array<{ node: Order }> } } }>(
      `${router}/graphql`,
      registered("MyOrders"),
      {},
      { authorization: `Bearer ${token}` },
    );
    const history = orders.data?.me.orderHistory.edges.map((edge) => edge.node);
    const spansAll = history?.some((order) => order.payment?.status && order.items.some((item) => item.product.name));
    if (orders.errors || !spansAll) throw new Error(`query across the subgraphs failed: ${JSON.stringify(orders.errors ?? orders.data)}`);
    const arbitrary = await postGraphQL(`${router}/graphql`, "{ __typename }");
    if (arbitrary.errors?.[0]?.extensions?.code !== "PERSISTED_QUERY_NOT_IN_LIST") {
      throw new Error(`the built router in production served an operation outside the manifest: ${JSON.stringify(arbitrary)}`);
    }
    console.log(`build:check: ${history?.length} orders with products and payments through the built router, which refuses other operations (${seconds()})`);
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
    await Promise.all(children.map(exited));
    await databases.drop();
  }
}

main().then(
  () => console.log(`build:check passed in ${seconds()}`),
  (error: unknown) => {
    console.error(`build:check failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
