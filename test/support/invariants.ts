// The checkout's invariants read from the four databases once the shop is at rest: stock taken equals the units of
// live orders (and of held or committed reservations), a succeeded payment means a PAID order and a PAID order has
// exactly one, nothing is charged twice (or kept charged for an unpaid order), and nothing is left in flight.
import { seedOrders } from "@shop/shared/seed-data";
import type { Stack } from "./stack.ts";

const SEEDED = new Set(seedOrders.map((order) => order.id));
/** A refunded order's sold stock went back on sale. */
const RESERVATION_OF = {
  PENDING: "HELD",
  PAID: "COMMITTED",
  CANCELLED: "RELEASED",
  SHIPPED: "COMMITTED",
  DELIVERED: "COMMITTED",
  REFUNDED: "RELEASED",
} as const;
/** Statuses of an order that was paid once and keeps its charge. */
const PAID_STATUSES: ReadonlySet<string> = new Set(["PAID", "SHIPPED", "DELIVERED"]);

/**
 * Every violation found, as a sentence (an empty list when all hold), over the orders placed since seeding and the
 * products in `initialStock` (product id → stock before the first order).
 */
export async function checkoutViolations(stack: Pick<Stack, "subgraphs">, initialStock: Map<string, number>): Promise<string[]> {
  const { orders: ordersDb, products: productsDb, payments: paymentsDb } = stack.subgraphs;
  const violations: string[] = [];
  const orders = (await ordersDb.prisma.order.findMany({ include: { items: true } })).filter((order) => !SEEDED.has(order.id));
  const reservations = new Map((await productsDb.prisma.reservation.findMany({ include: { lines: true } })).map((r) => [r.orderId, r]));
  const payments = (await paymentsDb.prisma.payment.findMany()).filter((payment) => !SEEDED.has(payment.orderId));
  const charges = new Map((await paymentsDb.prisma.simulatedCharge.findMany()).map((charge) => [charge.idempotencyKey, charge]));

  // Nothing in flight.
  const shells = orders.filter((order) => order.placing).length;
  if (shells) violations.push(`${shells} order(s) still being placed`);
  const pending = payments.filter((payment) => payment.status === "PENDING").length;
  if (pending) violations.push(`${pending} payment(s) still PENDING`);
  for (const [name, count] of [
    ["orders", await ordersDb.prisma.outboxMessage.count()],
    ["payments", await paymentsDb.prisma.outboxMessage.count()],
  ] as const) {
    if (count) violations.push(`${count} message(s) undelivered in the ${name} outbox`);
  }

  // Stock: taken = live orders' units = held and committed reservations' units.
  for (const [productId, initial] of initialStock) {
    const stock = (await productsDb.prisma.product.findUniqueOrThrow({ where: { id: productId } })).stock;
    const live = orders
      .filter((order) => !order.placing && order.status !== "CANCELLED" && order.status !== "REFUNDED")
      .flatMap((order) => order.items)
      .filter((item) => item.productId === productId)
      .reduce((sum, item) => sum + item.quantity, 0);
    const reserved = [...reservations.values()]
      .filter((reservation) => reservation.status !== "RELEASED")
      .flatMap((reservation) => reservation.lines)
      .filter((line) => line.productId === productId)
      .reduce((sum, line) => sum + line.quantity, 0);
    if (stock < 0) violations.push(`product ${productId}: negative stock ${stock}`);
    if (initial - stock !== live) violations.push(`product ${productId}: ${initial - stock} taken from stock, ${live} in live orders`);
    if (initial - stock !== reserved) violations.push(`product ${productId}: ${initial - stock} taken from stock, ${reserved} reserved`);
  }

  // Each order against its reservation, its payments and its charges.
  const byOrder = new Map<string, typeof payments>();
  for (const payment of payments) byOrder.set(payment.orderId, [...(byOrder.get(payment.orderId) ?? []), payment]);
  for (const order of orders.filter((o) => !o.placing)) {
    const reservation = reservations.get(order.id);
    const expected = RESERVATION_OF[order.status];
    if ((reservation?.status ?? "RELEASED") !== expected) violations.push(`order ${order.id} is ${order.status} but its reservation is ${reservation?.status ?? "missing"}`);
    const mine = byOrder.get(order.id) ?? [];
    const succeeded = mine.filter((payment) => payment.status === "SUCCEEDED");
    if (succeeded.length !== (PAID_STATUSES.has(order.status) ? 1 : 0)) violations.push(`order ${order.id} is ${order.status} with ${succeeded.length} succeeded payment(s)`);
    const kept = mine.map((payment) => charges.get(payment.id)).filter((charge) => charge && !charge.refundedAt);
    if (kept.length !== (PAID_STATUSES.has(order.status) ? 1 : 0)) violations.push(`order ${order.id} is ${order.status} with ${kept.length} charge(s) not refunded`);
    else if (kept[0] && kept[0].amountCents !== order.totalCents) violations.push(`order ${order.id} totals ${order.totalCents} but was charged ${kept[0].amountCents}`);
  }
  const known = new Set(orders.map((order) => order.id));
  for (const payment of payments) if (!known.has(payment.orderId)) violations.push(`payment ${payment.id} is for an order that does not exist`);
  return violations;
}
