// placeOrder: an idempotent order whose prices and stock come from the products service. The order is written
// first as an invisible "placing" shell together with its idempotency key, then its stock is reserved by order
// id (idempotent in products), then it is completed with the reserved lines. A failure removes the shell and
// queues the stock's release (outbox); a crash leaves a shell that a retry with the same key completes, or the
// sweeper removes.
import { type Address, type AddressInput, parseAddress } from "@shop/shared/address";
import { badUserInput, graphError } from "@shop/shared/errors";
import { isInjectedCrash } from "@shop/shared/faults";
import { isUniqueViolation } from "@shop/shared/db-errors";
import { requestHash, requireIdempotencyKey } from "@shop/shared/request-hash";
import { isServiceUnavailable, serviceUnavailable } from "@shop/shared/service-client";
import { requireUuid } from "@shop/shared/ids";
import type { Caller } from "@shop/shared/identity";
import type { Order, PrismaClient } from "../__generated__/prisma/client.ts";
import { type CheckoutDependencies, type OrderWrites, writesOf } from "../checkout-dependencies.ts";
import type { Loaders } from "../loaders.ts";
import { requireUser } from "./access.ts";
import { deliverQueued } from "./outbox.ts";
import { checkOrderCaps, isOrderLimitReached } from "./order-caps.ts";
import { orderTotalCents } from "./totals.ts";

export const MAX_ORDER_LINES = 50;
export const MAX_LINE_QUANTITY = 100;

export interface PlaceOrderInput {
  items: Array<{ productId: string; quantity: number }>;
  idempotencyKey: string;
  /** Optional: an order without one is placed as before, but cannot be shipped. */
  shippingAddress?: AddressInput | null;
}

export interface PlaceOrderContext {
  prisma: PrismaClient;
  caller: Caller;
  requestId: string;
  checkout: CheckoutDependencies;
  /** The request's loaders: the new order's lines are handed to Order.items instead of read back. */
  loaders: Pick<Loaders, "itemsByOrder">;
}

/** Checked lines, one per product (repeated products are added up), sorted by product id. */
export function normaliseLines(items: PlaceOrderInput["items"]): Array<{ productId: string; quantity: number }> {
  if (items.length === 0) throw badUserInput("An order needs at least one item", "items");
  const quantities = new Map<string, number>();
  for (const { productId, quantity } of items) {
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_LINE_QUANTITY) {
      throw badUserInput(`quantity must be a whole number from 1 to ${MAX_LINE_QUANTITY}`, "quantity");
    }
    const id = requireUuid(productId, "productId");
    quantities.set(id, (quantities.get(id) ?? 0) + quantity);
  }
  if (quantities.size > MAX_ORDER_LINES) throw badUserInput(`An order can have at most ${MAX_ORDER_LINES} different products`, "items");
  const lines = [...quantities].map(([productId, quantity]) => ({ productId, quantity }));
  if (lines.some((line) => line.quantity > MAX_LINE_QUANTITY)) {
    throw badUserInput(`quantity must be a whole number from 1 to ${MAX_LINE_QUANTITY}`, "quantity");
  }
  return lines.sort((a, b) => (a.productId < b.productId ? -1 : 1));
}

export async function placeOrder(context: PlaceOrderContext, input: PlaceOrderInput): Promise<Order> {
  const userId = requireUser(context.caller);
  const key = requireIdempotencyKey(input.idempotencyKey);
  const lines = normaliseLines(input.items);
  const address = input.shippingAddress ? parseAddress(input.shippingAddress, "shippingAddress") : null;
  // The address is part of the request (the same key with another address is another order); absent, the hash
  // is what it was before addresses existed, so keys issued then still replay.
  const hash = requestHash({ operation: "placeOrder", lines, ...(address ? { shippingAddress: address } : {}) });
  for (let attempt = 0; attempt < 3; attempt++) {
    const order = await findOrCreateShell(context, userId, key, hash);
    if (!order.placing) return order;
    await refuseOverCaps(context, order, lines);
    const placed = await completePlacement(context, order, lines, address);
    if (placed) return placed;
  }
  throw serviceUnavailable("orders");
}

/** The order this key already stands for, or a new invisible shell recorded with the key; a key reused for another request is refused. */
async function findOrCreateShell({ prisma, checkout }: PlaceOrderContext, userId: string, key: string, hash: string): Promise<Order> {
  for (;;) {
    let found: Awaited<ReturnType<OrderWrites["findOrCreateShell"]>>;
    try {
      found = await writesOf(checkout).findOrCreateShell(prisma, userId, key, hash, checkout.orderTtlSeconds);
    } catch (error) {
      // The same key at the same moment (a double click, a retry racing the first request): the loser's whole
      // statement is rolled back (no orphan shell); read the winner's.
      if (!isUniqueViolation(error)) throw error;
      continue;
    }
    if (found.requestHash !== hash) {
      throw graphError("IDEMPOTENCY_KEY_REUSED", "This idempotency key was already used for a different order; use a new key for a new order");
    }
    return found.order;
  }
}

/** The early cap check, before any stock is reserved: a new shell past a cap is removed (it holds nothing yet). */
async function refuseOverCaps({ prisma, checkout }: PlaceOrderContext, shell: Order, lines: Array<{ productId: string; quantity: number }>): Promise<void> {
  if (!checkout.caps) return;
  const writes = writesOf(checkout);
  try {
    checkOrderCaps(checkout.caps, await writes.holdingsOf(prisma, shell.userId), lines);
  } catch (error) {
    await writes.discardShell(prisma, shell.id);
    throw error;
  }
}

/** Reserves the shell's stock and completes it; null when the shell turned out to be dead and must be redone. */
async function completePlacement(
  context: PlaceOrderContext,
  shell: Order,
  lines: Array<{ productId: string; quantity: number }>,
  address: Address | null,
): Promise<Order | null> {
  const { prisma, checkout, requestId, loaders } = context;
  const writes = writesOf(checkout);
  let reservation: Awaited<ReturnType<typeof checkout.products.reserve>>;
  try {
    reservation = await checkout.products.reserve(shell.userId, shell.id, lines, requestId);
  } catch (error) {
    if (isInjectedCrash(error)) throw error;
    if (isServiceUnavailable(error)) {
      // Whether products reserved anything is unknown: drop the shell and release (which also makes a late
      // reservation take nothing), through the outbox so the release happens even if products is down now.
      await abandon(context, shell);
    } else {
      // A rule error (unknown product, not enough stock): products rolled back, nothing is held.
      await writes.discardShell(prisma, shell.id);
    }
    throw error;
  }
  if (reservation.status !== "HELD") {
    // An earlier attempt with this key was given up (its stock released) but its shell survived a crash.
    await writes.discardShell(prisma, shell.id);
    return null;
  }

  let totalCents: number;
  try {
    totalCents = orderTotalCents(reservation.lines);
  } catch (error) {
    await abandon(context, shell);
    throw error;
  }
  let completed: Awaited<ReturnType<OrderWrites["completeShell"]>>;
  try {
    // The caps again, now under the shopper's lock: a burst of placements that all passed the early check is
    // completed one at a time, and the one that would pass a cap is refused and its stock released.
    completed = await writes.underShopperLock(prisma, shell.userId, async (tx) => {
      if (checkout.caps) checkOrderCaps(checkout.caps, await writes.holdingsOf(tx, shell.userId), lines);
      return writes.completeShell(tx, shell.id, totalCents, reservation.lines[0]!.currency, reservation.lines, address);
    });
  } catch (error) {
    if (isOrderLimitReached(error)) await abandon(context, shell);
    throw error;
  }
  if (completed) {
    // Order.items would otherwise read back the lines just written.
    loaders.itemsByOrder.prime(shell.id, completed.items);
    return completed.order;
  }
  // A concurrent retry with the same key completed it first, or the sweeper removed the expired shell.
  const current = await writes.findOrder(prisma, shell.id);
  if (current && !current.placing) return current;
  throw serviceUnavailable("orders");
}

/** Removes the shell and queues the release of whatever products holds for it, then delivers the release. */
async function abandon({ prisma, checkout }: PlaceOrderContext, shell: Order): Promise<void> {
  const queued = await writesOf(checkout).abandonShell(prisma, shell.id, checkout.outboxLeaseMs);
  await deliverQueued(prisma, checkout, queued);
}
