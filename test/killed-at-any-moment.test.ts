// The shop survives a SIGKILL at any moment, on PGlite and on PostgreSQL. Its processes, started as `pnpm start`
// starts them, are killed at random moments of a first start (the next start must come up complete), then at random
// moments of a checkout load (some or all of them, several times); once at rest, the checkout's invariants hold.
// The random moments come from KILL_TEST_SEED (printed on failure) so a failing run can be replayed.
import { setTimeout as sleep } from "node:timers/promises";
import { directoryState } from "@shop/shared/embedded-database";
import { embeddedDirectory } from "@shop/shared/database";
import { seedOrders, seedProducts, seedUsers } from "@shop/shared/seed-data";
import { eventually } from "@shop/shared/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkoutClient, key } from "./support/checkout.ts";
import { backends, createDatabases, SERVICES, type TestDatabases } from "./support/databases.ts";
import { checkoutViolations } from "./support/invariants.ts";
import { type ProcessName, type ShopProcesses, shopProcesses } from "./support/shop-processes.ts";
import { startStack } from "./support/stack.ts";

const SEED = Number(process.env.KILL_TEST_SEED ?? Date.now() % 1_000_000_007);
/** mulberry32: a small seeded generator, so the moments of a failing run can be replayed. */
const random = (() => {
  let state = SEED;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
})();
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const ALL: ProcessName[] = [...SERVICES, "router"];
// Seeded products that no seeded order holds: two roomy ones and a scarce one that sells out under the load.
const LOAD_PRODUCTS = ["SOCK-014", "CUP-020", "LAMP-005"].map((sku) => seedProducts.find((product) => product.sku === sku)!);
const [ada, grace] = seedUsers as [(typeof seedUsers)[0], (typeof seedUsers)[0]];
const external = Boolean(process.env.STACK_ROUTER_URL);

describe.skipIf(external).each(backends)("killed at any moment on %s", (backend) => {
  let databases: TestDatabases;
  let shop: ShopProcesses;
  const context = () => `KILL_TEST_SEED=${SEED}; what the processes printed:\n${shop.transcript().split("\n").slice(-60).join("\n")}`;

  beforeAll(async () => {
    databases = await createDatabases(backend, { persistent: true });
    shop = await shopProcesses(databases);
  });
  afterAll(async () => {
    await shop?.stop();
    await databases?.drop();
  });

  it("a first start killed at a random moment leaves nothing the next start trips over", { timeout: 300_000 }, async () => {
    // All four are killed at a random moment after one of them reached a milestone, each at its own point by then.
    // On PGlite: creating the database (initdb, then the migrations), or past the migrations (seeding, publishing
    // the database). PostgreSQL has no creation step, and each of its migrations is a transaction.
    const milestone = backend === "pglite" ? pick(["creating the embedded database", "migrations applied"]) : "migrations applied";
    shop.start(SERVICES);
    await Promise.race([shop.logged(SERVICES, milestone), shop.waitReady(SERVICES)]);
    await sleep(random() * 2_000);
    await shop.kill(SERVICES);
    for (const service of SERVICES) {
      const dir = embeddedDirectory(databases.urls[service]);
      // A database appears complete or not at all.
      if (dir) expect(directoryState(dir), `${service} after a kill; ${context()}`).not.toBe("foreign");
    }

    shop.start(ALL);
    await shop.waitReady(ALL).catch((error: Error) => expect.fail(`${error.message}\n${context()}`));
    const client = checkoutClient(shop.url);
    const token = await login(client, ada.email);
    const me = await client.query(`{ me { orders { id payment { status } } } }`, {}, token);
    expect(me.data?.me.orders, context()).toHaveLength(seedOrders.filter((order) => order.userId === ada.id).length);
    expect(me.data?.me.orders.every((order: { payment: { status: string } | null }) => order.payment?.status === "SUCCEEDED")).toBe(true);
    const catalogue = await client.query(`{ products(first: 100) { edges { node { id } } } }`);
    expect(catalogue.data?.products.edges).toHaveLength(seedProducts.length);
  });

  it("a checkout load killed at random moments recovers, and at rest every invariant holds", { timeout: 300_000 }, async () => {
    shop.start(ALL.filter((name) => !shop.running(name)));
    await shop.waitReady(ALL);
    const client = checkoutClient(shop.url);
    const tokens = [await login(client, ada.email), await login(client, grace.email)];
    const load = startLoad(client, tokens);
    await eventually(async () => load.stats.paid >= 2, { timeoutMs: 120_000, message: () => `the load paid nothing: ${JSON.stringify(load.stats)}; ${context()}` });

    // A random few processes are killed mid-load and started again; then every one of them at once (a closed
    // terminal), with requests in flight.
    await sleep(random() * 2_000);
    const victims = pickSome(ALL);
    await shop.kill(victims);
    shop.start(victims);
    await shop.waitReady(victims).catch((error: Error) => expect.fail(`${error.message}\n${context()}`));
    await sleep(500 + random() * 2_000);
    await shop.kill(ALL);
    const stats = await load.stop();
    expect(stats.placed, context()).toBeGreaterThan(0);

    // At rest: the services again (in this process, to read their databases), every abandoned step finished.
    const quiet = { SEED: "never", PAYMENT_STALE_AFTER_SECONDS: "0", PAYMENT_OUTBOX_LEASE_MS: "0", ORDER_OUTBOX_LEASE_MS: "0", ORDER_SWEEP_INTERVAL_MS: "3600000", PAYMENT_RECOVERY_INTERVAL_MS: "3600000" };
    const stack = await startStack(backend, quiet, { databases });
    try {
      const initialStock = new Map(LOAD_PRODUCTS.map((product) => [product.id, product.stock]));
      // Orders killed while being placed are abandoned: past their expiry, the sweeper releases what they hold.
      await stack.subgraphs.orders.prisma.order.updateMany({ where: { placing: true }, data: { expiresAt: new Date(Date.now() - 1_000) } });
      const atRest = async () => {
        await stack.subgraphs.payments.recover();
        await stack.subgraphs.orders.sweep();
        return (await checkoutViolations(stack, initialStock)).length === 0;
      };
      await eventually(atRest, { timeoutMs: 30_000, intervalMs: 500 }).catch(() => {});
      expect(await checkoutViolations(stack, initialStock), `${JSON.stringify(stats)}; ${context()}`).toEqual([]);
    } finally {
      await stack.stop();
    }
  });
});

async function login(client: ReturnType<typeof checkoutClient>, email: string): Promise<string> {
  const result = await client.query(`mutation ($e: String!) { login(email: $e, password: "storefront-demo") { token } }`, { e: email });
  if (!result.data?.login) throw new Error(`login failed: ${JSON.stringify(result.errors)}`);
  return result.data.login.token;
}

/** A non-empty random subset. */
function pickSome<T>(items: readonly T[]): T[] {
  const some = items.filter(() => random() < 0.4);
  return some.length ? some : [pick(items)];
}

/**
 * Two shoppers place orders until stopped: pay most (a card that works, is declined, or whose
 * processor fails), retry some payments with the same key, cancel a few, leave the rest unpaid. Requests that
 * fail while processes are down are part of the test: the loop goes on.
 */
function startLoad(client: ReturnType<typeof checkoutClient>, tokens: string[]) {
  let stopped = false;
  const stats = { placed: 0, paid: 0, cancelled: 0, failed: 0 };
  const shopper = async (token: string) => {
    while (!stopped) {
      try {
        const lines = pickSome(LOAD_PRODUCTS).map((product) => ({ productId: product.id, quantity: 1 + Math.floor(random() * 2) }));
        const order = (await client.place(token, lines)).data?.placeOrder;
        if (!order) {
          stats.failed++; // sold out, or a service down: SERVICE_UNAVAILABLE
          await sleep(50);
          continue;
        }
        stats.placed++;
        const next = random();
        if (next < 0.1) {
          if ((await client.cancel(token, order.id)).data?.cancelOrder) stats.cancelled++;
          continue;
        }
        if (next < 0.25) continue; // left unpaid
        const method = pick(["pm_card_visa", "pm_card_visa", "pm_card_visa", "pm_card_declined", "pm_card_processor_error"]);
        const payKey = key();
        if ((await client.pay(token, order.id, method, payKey)).data?.payOrder?.status === "SUCCEEDED") stats.paid++;
        if (random() < 0.2) await client.pay(token, order.id, method, payKey); // the shopper's retry
      } catch {
        stats.failed++; // a process was down: connection refused or reset
        await sleep(100);
      }
    }
  };
  const loops = tokens.map(shopper);
  return {
    stats,
    stop: async () => {
      stopped = true;
      await Promise.all(loops);
      return stats;
    },
  };
}
