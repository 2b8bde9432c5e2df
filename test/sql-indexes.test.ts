// The planner uses the schemas' indexes for the statements the services really send: each statement is captured
// from Prisma's query events while the real loader or domain function runs, then EXPLAINed with its parameters.
// The tables are tiny, so sequential scans are turned off for the EXPLAIN (SET LOCAL, in a transaction): the
// plan then names an index exactly when one can serve the statement.
import { badUserInput } from "@shop/shared/errors";
import { noFaults } from "@shop/shared/faults";
import { createLogger } from "@shop/shared/logger";
import { deliverOutbox } from "@shop/shared/outbox";
import { type ClientOptions, openServiceDatabase, type PrismaLike, type QueryEvent } from "@shop/shared/service-database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaClient as OrdersClient } from "../subgraphs/orders/src/__generated__/prisma/client.ts";
import type { CheckoutDependencies as Checkout } from "../subgraphs/orders/src/checkout-dependencies.ts";
import { countOrders } from "../subgraphs/orders/src/db/order-pages.ts";
import { markOrderDelivered, shipOrder } from "../subgraphs/orders/src/domain/order-fulfilment.ts";
import { cancelOrder } from "../subgraphs/orders/src/domain/order-lifecycle.ts";
import { type StaffOrderArgs, staffOrders } from "../subgraphs/orders/src/domain/staff-orders.ts";
import { encodeOrderCursor } from "../subgraphs/orders/src/domain/order-pages.ts";
import { placeOrder } from "../subgraphs/orders/src/domain/place-order.ts";
import { expireOrders, removeAbandonedShells } from "../subgraphs/orders/src/db/sweep.ts";
import { createLoaders as ordersLoaders } from "../subgraphs/orders/src/loaders.ts";
import { PrismaClient as PaymentsClient } from "../subgraphs/payments/src/__generated__/prisma/client.ts";
import { failUnavailable, lookUp } from "../subgraphs/payments/src/db/payments.ts";
import { createLoaders as paymentsLoaders } from "../subgraphs/payments/src/loaders.ts";
import { refundOnce } from "../subgraphs/payments/src/db/ledger.ts";
import { insertPendingRefund, refundByKey, stalePendingRefunds } from "../subgraphs/payments/src/db/refunds.ts";
import { SimulatedCardProcessor } from "../subgraphs/payments/src/processor/simulated-processor.ts";
import { PrismaClient as ProductsClient } from "../subgraphs/products/src/__generated__/prisma/client.ts";
import { encodeCursor } from "../subgraphs/products/src/domain/cursor.ts";
import { listProducts } from "../subgraphs/products/src/domain/catalog.ts";
import { commitReservation, releaseReservation, reserveStock } from "../subgraphs/products/src/domain/stock.ts";
import { createLoaders as productsLoaders } from "../subgraphs/products/src/loaders.ts";
import { PrismaClient as UsersClient } from "../subgraphs/users/src/__generated__/prisma/client.ts";
import { isSessionActive, revokeAllSessions, rotateSession } from "../subgraphs/users/src/db/sessions.ts";
import { login } from "../subgraphs/users/src/domain/accounts.ts";
import { createPasswordHasher } from "../subgraphs/users/src/domain/password-hasher.ts";
import { createLoaders as usersLoaders } from "../subgraphs/users/src/loaders.ts";
import { backends, createDatabases, type TestDatabases } from "./support/databases.ts";

const logger = createLogger("sql-indexes", "fatal");
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

/** What EXPLAIN needs of a generated client: an interactive transaction with raw SQL. */
interface Transactional {
  $transaction<T>(run: (tx: { $executeRawUnsafe(query: string): Promise<number>; $queryRawUnsafe<R>(query: string, ...values: unknown[]): Promise<R> }) => Promise<T>): Promise<T>;
}

/** Opens a service's database (migrated, not seeded) with a recorder of the statements its client sends. */
async function open<P extends PrismaLike & Transactional>(url: string, service: string, createClient: (options: ClientOptions) => P) {
  const database = await openServiceDatabase({ service, url, createClient, seedMode: "never", production: false, logger });
  let recording: QueryEvent[] | null = null;
  database.onQuery((event) => recording?.push(event));
  return {
    database,
    prisma: database.prisma,
    /** The statements `run` sends (it may throw: a rejected login still sends its lookup). */
    async statements(run: () => Promise<unknown>): Promise<QueryEvent[]> {
      recording = [];
      await run().catch(() => undefined);
      const sent = recording;
      recording = null;
      return sent;
    },
    /** The plan of a statement with sequential scans off, one line per plan node. */
    async plan(statement: Pick<QueryEvent, "query" | "params">): Promise<string> {
      const params = JSON.parse(statement.params) as unknown[];
      const rows = await database.prisma.$transaction(async (tx) => {
        await tx.$executeRawUnsafe("SET LOCAL enable_seqscan = off");
        return tx.$queryRawUnsafe<Array<{ "QUERY PLAN": string }>>(`EXPLAIN ${statement.query}`, ...params);
      });
      return rows.map((row) => row["QUERY PLAN"]).join("\n");
    },
  };
}

function openAll(databases: TestDatabases) {
  return Promise.all([
    open(databases.urls.users, "users", (options) => new UsersClient(options)),
    open(databases.urls.products, "products", (options) => new ProductsClient(options)),
    open(databases.urls.orders, "orders", (options) => new OrdersClient(options)),
    open(databases.urls.payments, "payments", (options) => new PaymentsClient(options)),
  ]);
}

/** The one statement `run` sends. */
function only(statements: QueryEvent[]): QueryEvent {
  expect(statements).toHaveLength(1);
  return statements[0]!;
}

describe.each(backends)("indexes on %s", (backend) => {
  let databases: TestDatabases;
  let users: Awaited<ReturnType<typeof openAll>>[0];
  let products: Awaited<ReturnType<typeof openAll>>[1];
  let orders: Awaited<ReturnType<typeof openAll>>[2];
  let payments: Awaited<ReturnType<typeof openAll>>[3];

  beforeAll(async () => {
    databases = await createDatabases(backend);
    [users, products, orders, payments] = await openAll(databases);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([users, products, orders, payments].map((service) => service?.database.close()));
    await databases?.drop();
  });

  it("users: references by primary key, login by the unique email", async () => {
    const loaders = usersLoaders(users.database.sql);
    const byId = only(await users.statements(() => Promise.all([loaders.user.load(id(1)), loaders.user.load(id(2))])));
    expect(await users.plan(byId)).toContain('"User_pkey"');
    const byEmail = only(await users.statements(() => login(users.prisma, createPasswordHasher({ concurrency: 1, queueLimit: 1 }), "nobody@example.com", "a-password")));
    expect(await users.plan(byEmail)).toContain('"User_email_key"');
  });

  it("users: refreshSession by the unique token hash, the router's session check by primary key, revocation by user", async () => {
    const byHash = (await users.statements(() => rotateSession(users.prisma, "an-unknown-refresh-token", 1000)))[0]!;
    expect(await users.plan(byHash)).toContain('"Session_refreshHash_key"');
    const check = only(await users.statements(() => isSessionActive(users.prisma, id(1), id(2))));
    expect(await users.plan(check)).toContain('"Session_pkey"');
    const revokeAll = (await users.statements(() => revokeAllSessions(users.prisma, id(1)))).find((statement) => statement.query.startsWith("UPDATE"))!;
    expect(await users.plan(revokeAll)).toContain('"Session_userId_idx"');
  });

  it("products: references by primary key, catalogue pages by (name, id)", async () => {
    const loaders = productsLoaders(products.database.sql);
    const byId = only(await products.statements(() => Promise.all([loaders.product.load(id(1)), loaders.product.load(id(2))])));
    expect(await products.plan(byId)).toContain('"Product_pkey"');
    const after = encodeCursor({ name: "Mug", id: id(3) });
    const page = only(await products.statements(() => listProducts(products.prisma, { first: 24, after })));
    const plan = await products.plan(page);
    // The page starts at its cursor (an Index Cond), not at the first product (a Filter over the whole index).
    // (On an empty table the planner may bitmap-scan and sort; with rows and LIMIT it walks the index in order.)
    expect(plan).toContain('"Product_name_id_idx"');
    expect(plan).toMatch(/Index Cond: \(name >= 'Mug'::text\)/);
  });

  it("products: each stock statement finds products, reservations and their lines by primary key", async () => {
    const prisma = products.prisma;
    const reserve = only(await products.statements(() => reserveStock(prisma, id(9), id(4), [{ productId: id(1), quantity: 1 }, { productId: id(2), quantity: 1 }])));
    const release = only(await products.statements(() => releaseReservation(prisma, id(9), id(5))));
    for (const statement of [reserve, release]) {
      const plan = await products.plan(statement);
      for (const index of ['"Product_pkey"', '"Reservation_pkey"', '"ReservationLine_pkey"']) expect(plan).toContain(index);
    }
    const commit = only(await products.statements(() => commitReservation(prisma, id(9), id(6))));
    expect(await products.plan(commit)).toContain('"Reservation_pkey"');
    const loaders = productsLoaders(products.database.sql);
    const lines = only(await products.statements(() => Promise.all([loaders.reservationLines.load(id(4)), loaders.reservationLines.load(id(5))])));
    expect(await products.plan(lines)).toContain('"ReservationLine_pkey"');
  });

  it("orders: User.orders, Order.items, the sweeper, pruning, the outbox and the cascade from an order to its key", async () => {
    const prisma = orders.prisma;
    const loaders = ordersLoaders(orders.database.sql);
    const byUser = only(await orders.statements(() => Promise.all([loaders.ordersByUser.load(id(1)), loaders.ordersByUser.load(id(2))])));
    expect(await orders.plan(byUser)).toContain('"Order_userId_createdAt_idx"');
    const items = only(await orders.statements(() => Promise.all([loaders.itemsByOrder.load(id(1)), loaders.itemsByOrder.load(id(2))])));
    expect(await orders.plan(items)).toContain('"OrderItem_orderId_productId_key"');
    const byId = only(await orders.statements(() => loaders.order.load(id(1))));
    expect(await orders.plan(byId)).toContain('"Order_pkey"');
    // Order.events (staff): each order's history by (orderId, createdAt).
    const events = only(await orders.statements(() => Promise.all([loaders.eventsByOrder.load(id(1)), loaders.eventsByOrder.load(id(2))])));
    expect(await orders.plan(events)).toContain('"OrderEvent_orderId_createdAt_idx"');

    for (const sweep of [expireOrders, removeAbandonedShells]) {
      expect(await orders.plan(only(await orders.statements(() => sweep(prisma))))).toContain('"Order_status_expiresAt_idx"');
    }
    const prune = only(await orders.statements(() => prisma.idempotencyKey.deleteMany({ where: { createdAt: { lt: new Date() } } })));
    expect(await orders.plan(prune)).toContain('"IdempotencyKey_createdAt_idx"');
    const claim = only(await orders.statements(() => deliverOutbox(prisma, {}, logger)));
    expect(await orders.plan(claim)).toContain('"OutboxMessage_availableAt_idx"');
    // Deleting an order deletes its key through the foreign key (ON DELETE CASCADE), with this statement.
    const cascade = { query: `DELETE FROM ONLY "public"."IdempotencyKey" WHERE "orderId" = $1::uuid`, params: JSON.stringify([id(1)]) };
    expect(await orders.plan(cascade)).toContain('"IdempotencyKey_orderId_idx"');

    // Checkout's writes: placeOrder's first statement (the key's order, or a shell with its key) looks the key up
    // by its primary key; products refuses the stock here, so the shell is then discarded (a second statement).
    const refusingProducts = { reserve: async () => Promise.reject(badUserInput("no stock", "items")) } as unknown as Checkout["products"];
    const checkout: Checkout = { products: refusingProducts, faults: noFaults, logger, orderTtlSeconds: 900, paymentGraceSeconds: 300 };
    const buyer = { issuer: "router", userId: id(7) };
    const place = () =>
      placeOrder({ prisma, caller: buyer, requestId: "sql-indexes", checkout, loaders }, { idempotencyKey: "sql-indexes-key", items: [{ productId: id(8), quantity: 1 }] });
    const [findOrCreate] = await orders.statements(place);
    const placePlan = await orders.plan(findOrCreate!);
    expect(placePlan).toContain('"IdempotencyKey_pkey"');
    expect(placePlan).not.toContain("Seq Scan");
    // cancelOrder, beginOrderPayment and markOrderPaid share one statement: it locks and changes the order by id.
    const change = only(await orders.statements(() => cancelOrder({ prisma, caller: buyer, checkout }, id(1))));
    const changePlan = await orders.plan(change);
    expect(changePlan).toContain('"Order_pkey"');
    expect(changePlan).not.toContain("Seq Scan");

    // Staff fulfilment extends that statement (any owner, an OrderEvent row written with it): still by id.
    const staff = { issuer: "router", userId: id(9), scopes: ["orders:manage"] };
    const ship = only(await orders.statements(() => shipOrder({ prisma, caller: staff, checkout }, { orderId: id(1), carrier: "DHL", trackingNumber: "JD0146000038" })));
    const deliver = only(await orders.statements(() => markOrderDelivered({ prisma, caller: staff, checkout }, id(1))));
    for (const statement of [ship, deliver]) {
      const plan = await orders.plan(statement);
      expect(plan).toContain('"Order_pkey"');
      expect(plan).not.toContain("Seq Scan");
    }
  });

  it("orders: staff lists (Query.orders) walk an index in newest-first order for each filter, and count with one", async () => {
    const prisma = orders.prisma;
    const staff = { issuer: "router", userId: id(9), scopes: ["orders:manage"] };
    const cursor = encodeOrderCursor({ createdAt: new Date(Date.UTC(2026, 0, 1)), id: id(3) });
    const cases: Array<[StaffOrderArgs, RegExp]> = [
      [{}, /"Order_createdAt_id_idx"/],
      [{ after: cursor }, /"Order_createdAt_id_idx"/],
      [{ placedAfter: "2026-01-01", placedBefore: "2026-02-01" }, /"Order_createdAt_id_idx"/],
      [{ status: "PAID" }, /"Order_status_createdAt_id_idx"/],
      [{ status: "SHIPPED", after: cursor, placedAfter: "2025-01-01" }, /"Order_status_createdAt_id_idx"/],
      [{ userId: id(7) }, /"Order_userId_createdAt_idx"/],
      // Both indexes serve a customer's orders in one status; the planner picks by its estimates.
      [{ userId: id(7), status: "PAID", after: cursor }, /"Order_(userId_createdAt|status_createdAt_id)_idx"/],
    ];
    for (const [args, index] of cases) {
      const page = only(await orders.statements(() => staffOrders({ prisma, caller: staff }, { first: 20, ...args })));
      const plan = await orders.plan(page);
      expect(plan, JSON.stringify(args)).toMatch(index);
      expect(plan).not.toContain("Seq Scan");
    }
    for (const [filter, index] of [
      [{ status: "PAID" as const }, '"Order_status_createdAt_id_idx"'],
      [{ userId: id(7) }, '"Order_userId_createdAt_idx"'],
    ] as const) {
      expect(await orders.plan(only(await orders.statements(() => countOrders(prisma, filter))))).toContain(index);
    }
  });

  it("payments: Order.payment, payOrder's lookup, the ledger, the recovery scan, freeing a failed payment's key, pruning keys", async () => {
    const prisma = payments.prisma;
    const loaders = paymentsLoaders(payments.database.sql);
    const byOrder = only(await payments.statements(() => Promise.all([loaders.paymentsByOrder.load(id(1)), loaders.paymentsByOrder.load(id(2))])));
    expect(await payments.plan(byOrder)).toContain('"Payment_orderId_idx"');
    // payOrder's replay lookup (the key's primary key) and "already paid?" (an index on orderId), one statement.
    const lookup = await payments.plan(only(await payments.statements(() => lookUp(prisma, id(1), "a-key", id(2)))));
    expect(lookup).toContain('"PaymentRequest_pkey"');
    expect(lookup).toMatch(/"Payment_(orderId_idx|one_success_per_order|one_open_per_order)"/);
    // The simulated processor's "charge for this key, existing or new" finds the existing one by the unique key.
    const processor = new SimulatedCardProcessor(prisma);
    const ledger = only(
      await payments.statements(() => processor.charge({ amountCents: 100, currency: "USD", paymentMethod: "pm_card_visa", idempotencyKey: id(3) })),
    );
    expect(await payments.plan(ledger)).toContain('"SimulatedCharge_idempotencyKey_key"');
    // The recovery scan's query (recovery.ts), sent through the same client.
    const stale = only(
      await payments.statements(() =>
        prisma.payment.findMany({ where: { status: "PENDING", updatedAt: { lte: new Date() } }, orderBy: { updatedAt: "asc" }, take: 50 }),
      ),
    );
    expect(await payments.plan(stale)).toContain('"Payment_status_updatedAt_idx"');
    // The processor was unavailable: the payment fails (by primary key) and its key is freed (by paymentId).
    const failed = await payments.plan(only(await payments.statements(() => failUnavailable(prisma, id(1)))));
    expect(failed).toContain('"Payment_pkey"');
    expect(failed).toContain('"PaymentRequest_paymentId_idx"');
    // Recovery's pruning of old payOrder keys (recovery.ts), by age.
    const prune = only(await payments.statements(() => prisma.paymentRequest.deleteMany({ where: { createdAt: { lt: new Date() } } })));
    expect(await payments.plan(prune)).toContain('"PaymentRequest_createdAt_idx"');
  });

  it("payments: Payment.refunds, refundPayment's key lookup and admission, the refund ledger, the refund recovery scan", async () => {
    const prisma = payments.prisma;
    const loaders = paymentsLoaders(payments.database.sql);
    const refunds = only(await payments.statements(() => Promise.all([loaders.refundsByPayment.load(id(1)), loaders.refundsByPayment.load(id(2))])));
    expect(await payments.plan(refunds)).toContain('"Refund_paymentId_createdAt_idx"');
    const byKey = only(await payments.statements(() => refundByKey(prisma, id(1), "a-key")));
    expect(await payments.plan(byKey)).toContain('"Refund_requestedBy_idempotencyKey_key"');
    // Admission locks the payment by primary key; the refund ledger finds the charge by primary key and a replay by its key.
    const admit = only(await payments.statements(() => insertPendingRefund(prisma, { paymentId: id(1), amountCents: 1, reason: "r", requestedBy: id(2), key: "a-key", requestHash: "h" })));
    expect(await payments.plan(admit)).toContain('"Payment_pkey"');
    const ledger = await payments.plan((await payments.statements(() => refundOnce(prisma, { chargeId: id(4), amountCents: 1, idempotencyKey: id(5) })))[0]!);
    expect(ledger).toContain('"SimulatedCharge_pkey"');
    expect(ledger).toContain('"SimulatedRefund_idempotencyKey_key"');
    const stale = only(await payments.statements(() => stalePendingRefunds(prisma, new Date(), 50)));
    expect(await payments.plan(stale)).toContain('"Refund_status_updatedAt_idx"');
  });
});
