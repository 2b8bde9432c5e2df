// Stock reservations for orders: all-or-nothing atomic decrements keyed by order id, so reserving, releasing and
// committing are each idempotent, and concurrent buyers can never take more than there is.
import { badUserInput, graphError, notFound } from "@shop/shared/errors";
import { isUniqueViolation } from "@shop/shared/db-errors";
import { requireUuid } from "@shop/shared/ids";
import type { PrismaClient, Reservation, ReservationLine } from "../__generated__/prisma/client.ts";
import { recordProductChanges } from "./change-feed.ts";

export const MAX_RESERVATION_LINES = 50;
export const MAX_LINE_QUANTITY = 100;

export interface StockLine {
  productId: string;
  quantity: number;
}

export type ReservationWithLines = Reservation & { lines: ReservationLine[] };

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

function findReservation(prisma: PrismaClient, orderId: string) {
  return prisma.reservation.findUnique({ where: { orderId }, include: { lines: { orderBy: { productId: "asc" } } } });
}

/**
 * Holds stock for an order: every line or none. Reserving an order again returns its reservation as it is
 * (HELD, COMMITTED, or RELEASED when the order was given up first) without taking stock twice.
 * NOT_FOUND for an unknown product, INSUFFICIENT_STOCK naming the product when there is not enough.
 */
export async function reserveStock(prisma: PrismaClient, userId: string, orderId: string, items: readonly StockLine[]): Promise<ReservationWithLines> {
  const id = requireUuid(orderId, "orderId");
  const lines = parseStockLines(items);
  try {
    return await prisma.$transaction(async (tx) => {
      const existing = await tx.reservation.findUnique({ where: { orderId: id }, include: { lines: { orderBy: { productId: "asc" } } } });
      if (existing) return existing;
      const reservation = await tx.reservation.create({ data: { orderId: id, userId, status: "HELD" } });
      const products = await tx.product.findMany({ where: { id: { in: lines.map((line) => line.productId) } } });
      const byId = new Map(products.map((product) => [product.id, product]));
      const missing = lines.find((line) => !byId.has(line.productId));
      if (missing) throw graphError("NOT_FOUND", "Product not found", { productId: missing.productId });
      if (new Set(products.map((product) => product.currency)).size > 1) {
        throw badUserInput("All items of an order must be priced in the same currency", "items");
      }
      for (const line of lines) {
        // The conditional decrement is the whole guard: the row lock serialises buyers of one product, and
        // the WHERE is re-checked after a concurrent buyer commits, so stock never goes below zero.
        const { count } = await tx.product.updateMany({
          where: { id: line.productId, stock: { gte: line.quantity } },
          data: { stock: { decrement: line.quantity } },
        });
        if (count === 0) {
          const product = byId.get(line.productId)!;
          const now = await tx.product.findUniqueOrThrow({ where: { id: line.productId }, select: { stock: true } });
          throw graphError("INSUFFICIENT_STOCK", `Only ${now.stock} of "${product.name}" left in stock`, {
            productId: line.productId,
            available: now.stock,
            requested: line.quantity,
          });
        }
      }
      const reserved = await tx.reservationLine.createManyAndReturn({
        data: lines.map((line) => {
          const product = byId.get(line.productId)!;
          return { orderId: id, productId: line.productId, quantity: line.quantity, unitPriceCents: product.priceCents, currency: product.currency };
        }),
      });
      // Last write of the transaction: the feed's lock is held until commit (see change-feed.ts).
      await recordProductChanges(tx, lines.map((line) => line.productId));
      // The rows just written are the answer: reading them back (an include is a second query) cost two statements.
      return { ...reservation, lines: reserved.sort((a, b) => (a.productId < b.productId ? -1 : 1)) };
    });
  } catch (error) {
    // The same order reserved at the same moment by a retry: the first one won; answer with its reservation.
    if (isUniqueViolation(error)) {
      const winner = await findReservation(prisma, id);
      if (winner) return winner;
    }
    throw error;
  }
}

/**
 * Gives an order's held stock back, once. Releasing an order that holds nothing records it as RELEASED, so a
 * reservation for it that arrives late (a retried or delayed request) takes no stock. A COMMITTED reservation
 * (the order was paid) is left as it is.
 */
export async function releaseReservation(prisma: PrismaClient, userId: string, orderId: string): Promise<ReservationWithLines> {
  const id = requireUuid(orderId, "orderId");
  try {
    await prisma.$transaction(async (tx) => {
      // Lines in product-id order, the order reserveStock locks product rows in: two transactions touching the
      // same products can then never wait on each other in opposite orders (a deadlock).
      const reservation = await tx.reservation.findUnique({ where: { orderId: id }, include: { lines: { orderBy: { productId: "asc" } } } });
      if (!reservation) {
        await tx.reservation.create({ data: { orderId: id, userId, status: "RELEASED" } });
        return;
      }
      const { count } = await tx.reservation.updateMany({ where: { orderId: id, status: "HELD" }, data: { status: "RELEASED" } });
      if (count === 0) return;
      for (const line of reservation.lines) {
        await tx.product.update({ where: { id: line.productId }, data: { stock: { increment: line.quantity } } });
      }
      await recordProductChanges(tx, reservation.lines.map((line) => line.productId));
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  return (await findReservation(prisma, id))!;
}

/** Makes an order's held stock final (the order was paid). CONFLICT when it was released, NOT_FOUND when unknown. */
export async function commitReservation(prisma: PrismaClient, orderId: string): Promise<ReservationWithLines> {
  const id = requireUuid(orderId, "orderId");
  await prisma.reservation.updateMany({ where: { orderId: id, status: "HELD" }, data: { status: "COMMITTED" } });
  const reservation = await findReservation(prisma, id);
  if (!reservation) throw notFound("Reservation");
  if (reservation.status !== "COMMITTED") throw graphError("CONFLICT", "This reservation was released and cannot be committed");
  return reservation;
}
