// Stock reservations for orders: all-or-nothing atomic decrements keyed by order id, so reserving, releasing and
// committing are each idempotent, and concurrent buyers can never take more than there is. Each is ONE SQL
// statement (db/stock.ts; a second only after losing a rare race): no interactive transaction holds the hot
// product rows locked across round trips, and the checkout runs few statements.
import { badUserInput, graphError, notFound } from "@shop/shared/errors";
import { isUniqueViolation } from "@shop/shared/db-errors";
import { requireUuid } from "@shop/shared/ids";
import type { PrismaClient, Reservation, ReservationLine } from "../__generated__/prisma/client.ts";
import {
  commitStatement,
  findReservation,
  type LockedProduct,
  releaseStatement,
  reserveStatement,
  type ReserveRow,
  returnStatement,
  type StockLine,
  toReservation,
} from "../db/stock.ts";

export type { StockLine };

export const MAX_RESERVATION_LINES = 50;
export const MAX_LINE_QUANTITY = 100;

export type ReservationWithLines = Reservation & { lines: ReservationLine[] };
/** What the stock mutations answer: the lines when the statement already read them, else StockReservation.lines loads them. */
export type ReservationAnswer = Reservation & { lines?: ReservationLine[] };

/** Checked, de-duplicated lines sorted by product id (a fixed lock order: concurrent reservations cannot deadlock). */
export function parseStockLines(items: readonly StockLine[]): StockLine[] {
  if (items.length === 0) throw badUserInput("An order needs at least one item", "items");
  if (items.length > MAX_RESERVATION_LINES) throw badUserInput(`An order can have at most ${MAX_RESERVATION_LINES} items`, "items");
  const seen = new Set<string>();
  const lines = items.map(({ productId, quantity }) => {
    const id = requireUuid(productId, "productId");
    if (seen.has(id)) throw badUserInput("Each product may appear only once", "productId");
    seen.add(id);
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_LINE_QUANTITY) {
      throw badUserInput(`quantity must be between 1 and ${MAX_LINE_QUANTITY}`, "quantity");
    }
    return { productId: id, quantity };
  });
  return lines.sort((a, b) => (a.productId < b.productId ? -1 : 1));
}

/**
 * Holds stock for an order: every line or none. Reserving an order again returns its reservation as it is
 * (HELD, COMMITTED, or RELEASED when the order was given up first) without taking stock twice.
 * NOT_FOUND for an unknown or archived product, INSUFFICIENT_STOCK naming the product when there is not enough.
 */
export async function reserveStock(prisma: PrismaClient, userId: string, orderId: string, items: readonly StockLine[]): Promise<ReservationWithLines> {
  const id = requireUuid(orderId, "orderId");
  const lines = parseStockLines(items);
  let row: ReserveRow | undefined;
  try {
    row = await reserveStatement(prisma, id, userId, lines);
  } catch (error) {
    // The same order reserved at the same moment by a retry (or released first): the winner's reservation is the
    // answer (a second statement, only on this rare path).
    if (isUniqueViolation(error)) {
      const winner = await findReservation(prisma, id);
      if (winner?.userId === userId) return winner;
      if (winner) throw notFound("Reservation");
    }
    throw error;
  }
  const reservation = toReservation(row);
  if (!reservation) throw refusal(lines, row?.products ?? []);
  // An order id already reserved for another buyer: theirs, not the caller's (nothing was taken).
  if (reservation.userId !== userId) throw notFound("Reservation");
  const reserved = (row!.lines ?? []).map((line) => ({ orderId: reservation.orderId, ...line }));
  return { ...reservation, lines: reserved };
}

/** Why a reservation took nothing, from the locked products: the first rule broken, in the order they are checked. */
function refusal(lines: readonly StockLine[], products: readonly LockedProduct[]): Error {
  const byId = new Map(products.map((product) => [product.id, product]));
  const missing = lines.find((line) => !byId.has(line.productId));
  if (missing) return graphError("NOT_FOUND", "Product not found", { productId: missing.productId });
  const archived = lines.find((line) => byId.get(line.productId)!.archived);
  if (archived) return graphError("NOT_FOUND", "This product is no longer sold", { productId: archived.productId });
  if (new Set(products.map((product) => product.currency)).size > 1) {
    return badUserInput("All items of an order must be priced in the same currency", "items");
  }
  for (const line of lines) {
    const product = byId.get(line.productId)!;
    if (product.stock < line.quantity) {
      return graphError("INSUFFICIENT_STOCK", `Only ${product.stock} of "${product.name}" left in stock`, {
        productId: line.productId,
        available: product.stock,
        requested: line.quantity,
      });
    }
  }
  return new Error("reserveStock wrote nothing although every rule held");
}

/**
 * Gives an order's held stock back, once. Releasing an order that holds nothing records it as RELEASED, so a
 * reservation for it that arrives late (a retried or delayed request) takes no stock. A COMMITTED reservation
 * (the order was paid) is left as it is. Answers the reservation as it is after (lines through the loader).
 */
export async function releaseReservation(prisma: PrismaClient, userId: string, orderId: string): Promise<ReservationAnswer> {
  const id = requireUuid(orderId, "orderId");
  let reservation: ReservationAnswer;
  try {
    reservation = (await releaseStatement(prisma, id, userId))!;
  } catch (error) {
    // A reservation of this order committed after this statement's snapshot (a late reservation won the insert):
    // run again, now that it is visible, so its stock is given back rather than left held.
    if (!isUniqueViolation(error)) throw error;
    reservation = (await releaseStatement(prisma, id, userId))!;
  }
  // Another buyer's reservation is left as it was (the statement touched only the caller's): not theirs to release.
  if (reservation.userId !== userId) throw notFound("Reservation");
  return reservation;
}

/**
 * Makes the buyer `userId`'s held stock for an order final (the order was paid). CONFLICT when it was released,
 * NOT_FOUND when unknown or another buyer's (left as it was).
 */
export async function commitReservation(prisma: PrismaClient, userId: string, orderId: string): Promise<ReservationAnswer> {
  const id = requireUuid(orderId, "orderId");
  const reservation = await commitStatement(prisma, id, userId);
  if (!reservation || reservation.userId !== userId) throw notFound("Reservation");
  if (reservation.status !== "COMMITTED") throw graphError("CONFLICT", "This reservation was released and cannot be committed");
  return reservation;
}

/**
 * Puts an order's sold units back on sale (the order was refunded in full before shipping), once: COMMITTED becomes
 * RELEASED; a RELEASED reservation (returned already, or released when the order was cancelled) answers as it is.
 * An order that holds nothing is recorded as RELEASED. CONFLICT while the stock is still HELD (its commit has not
 * arrived yet: the orders service retries).
 */
export async function returnStock(prisma: PrismaClient, userId: string, orderId: string): Promise<ReservationAnswer> {
  const id = requireUuid(orderId, "orderId");
  const reservation = (await returnStatement(prisma, id, userId))!;
  if (reservation.status !== "RELEASED") throw graphError("CONFLICT", "This reservation is not sold yet and cannot be returned", { retryable: true });
  return reservation;
}
