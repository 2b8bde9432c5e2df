// Stock reservations for orders: all-or-nothing atomic decrements keyed by order id, so reserving, releasing and
// committing are each idempotent, and concurrent buyers can never take more than there is. Each is ONE SQL
// statement (data-modifying CTEs, atomic on its own; a second only after losing a rare race): no interactive
// transaction holds the hot product rows locked across round trips, and the checkout runs few statements.
import { badUserInput, graphError, notFound } from "@shop/shared/errors";
import { isUniqueViolation } from "@shop/shared/db-errors";
import { requireUuid } from "@shop/shared/ids";
import { UTC_NOW } from "@shop/shared/utc-now";
import { Prisma, type PrismaClient, type Reservation, type ReservationLine, type ReservationStatus } from "../__generated__/prisma/client.ts";
import { productChangesOf } from "./change-feed.ts";

export const MAX_RESERVATION_LINES = 50;
export const MAX_LINE_QUANTITY = 100;

export interface StockLine {
  productId: string;
  quantity: number;
}

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

const NOW = Prisma.raw(UTC_NOW);

/** A reservation's columns as a raw statement returns them (null when it found none); status read as text. */
interface ReservationRow {
  orderId: string | null;
  userId: string | null;
  status: ReservationStatus | null;
  createdAt: Date | null;
  updatedAt: Date | null;
}

function toReservation(row: ReservationRow | undefined): Reservation | null {
  if (!row?.orderId) return null;
  return { orderId: row.orderId, userId: row.userId!, status: row.status!, createdAt: row.createdAt!, updatedAt: row.updatedAt! };
}

/** A wanted product as reserveStock locked it: its newest committed values. */
interface LockedProduct {
  id: string;
  name: string;
  currency: string;
  stock: number;
}

type ReserveRow = ReservationRow & {
  lines: Array<Omit<ReservationLine, "orderId">> | null;
  products: LockedProduct[] | null;
};

/**
 * Holds stock for an order: every line or none. Reserving an order again returns its reservation as it is
 * (HELD, COMMITTED, or RELEASED when the order was given up first) without taking stock twice.
 * NOT_FOUND for an unknown product, INSUFFICIENT_STOCK naming the product when there is not enough.
 */
export async function reserveStock(prisma: PrismaClient, userId: string, orderId: string, items: readonly StockLine[]): Promise<ReservationWithLines> {
  const id = requireUuid(orderId, "orderId");
  const lines = parseStockLines(items);
  let row: ReserveRow | undefined;
  try {
    // One statement. An existing reservation for the order is the answer and nothing is locked or written.
    // Otherwise the wanted products are locked in id order (a fixed order: concurrent reservations and releases
    // cannot deadlock); under READ COMMITTED a row locked after waiting for another buyer is re-read at its newest
    // committed version, so the verdict (every product exists, one currency, enough of each) is decided on the
    // stock as it is now and cannot change before commit. Reading the verdict reads every locked row, so all locks
    // are taken before the first write. Only if it holds: the reservation is inserted (a concurrent reservation of
    // the same order makes this a unique violation, which aborts the whole statement), then the stock is
    // decremented (the UPDATE writes the newest row versions, the ones locked), the lines are inserted at the
    // price of that moment, and the change feed is appended, last. The locked products come back with the
    // answer, so a refusal is explained without a second query.
    [row] = await prisma.$queryRaw<ReserveRow[]>`
      WITH wanted AS (
        SELECT * FROM jsonb_to_recordset(${JSON.stringify(lines)}::jsonb) AS wanted("productId" uuid, quantity int)
      ),
      existing AS (
        SELECT * FROM "Reservation" WHERE "orderId" = ${id}::uuid
      ),
      locked AS MATERIALIZED (
        SELECT p.id, p.name, p."priceCents", p.currency, p.stock, wanted.quantity
        FROM "Product" p JOIN wanted ON wanted."productId" = p.id
        WHERE NOT EXISTS (SELECT FROM existing)
        ORDER BY p.id
        FOR UPDATE OF p
      ),
      verdict AS (
        SELECT count(*) = ${lines.length} AND count(DISTINCT currency) = 1 AND bool_and(stock >= quantity) AS holds FROM locked
      ),
      reservation AS (
        INSERT INTO "Reservation" ("orderId", "userId", status, "createdAt", "updatedAt")
        SELECT ${id}::uuid, ${userId}::uuid, 'HELD'::"ReservationStatus", ${NOW}, ${NOW} FROM verdict WHERE holds
        RETURNING *
      ),
      taken AS (
        UPDATE "Product" p SET stock = p.stock - locked.quantity, "updatedAt" = ${NOW}
        FROM locked
        WHERE p.id = locked.id AND EXISTS (SELECT FROM reservation)
        RETURNING p.id, p."priceCents", p.currency, locked.quantity
      ),
      reserved AS (
        INSERT INTO "ReservationLine" ("orderId", "productId", quantity, "unitPriceCents", currency)
        SELECT ${id}::uuid, id, quantity, "priceCents", currency FROM taken
        RETURNING "productId", quantity, "unitPriceCents", currency
      ),
      changes AS (${productChangesOf(Prisma.sql`taken`)})
      SELECT answer."orderId", answer."userId", answer.status::text AS status, answer."createdAt", answer."updatedAt",
        -- The existing reservation's lines, or the new ones (the statement's snapshot cannot see rows it inserts).
        (SELECT json_agg(line ORDER BY line."productId") FROM (
          SELECT "productId", quantity, "unitPriceCents", currency FROM "ReservationLine" WHERE "orderId" = ${id}::uuid
          UNION ALL SELECT * FROM reserved
        ) AS line) AS lines,
        (SELECT json_agg(json_build_object('id', id, 'name', name, 'currency', currency, 'stock', stock)) FROM locked) AS products
      FROM (SELECT) AS one
      LEFT JOIN (SELECT * FROM existing UNION ALL SELECT * FROM reservation) AS answer ON true`;
  } catch (error) {
    // The same order reserved at the same moment by a retry (or released first): the winner's reservation is the
    // answer (a second statement, only on this rare path).
    if (isUniqueViolation(error)) {
      const winner = await findReservation(prisma, id);
      if (winner) return winner;
    }
    throw error;
  }
  const reservation = toReservation(row);
  if (!reservation) throw refusal(lines, row?.products ?? []);
  const reserved = (row!.lines ?? []).map((line) => ({ orderId: reservation.orderId, ...line }));
  return { ...reservation, lines: reserved };
}

/** Why a reservation took nothing, from the locked products: the first rule broken, in the order they are checked. */
function refusal(lines: readonly StockLine[], products: readonly LockedProduct[]): Error {
  const byId = new Map(products.map((product) => [product.id, product]));
  const missing = lines.find((line) => !byId.has(line.productId));
  if (missing) return graphError("NOT_FOUND", "Product not found", { productId: missing.productId });
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
  // One statement, locking in reserveStock's order: the held lines' products (in id order) first, then the
  // reservation's row, re-read at its newest version (FOR UPDATE) so the answer is exact: HELD becomes RELEASED
  // once (a concurrent release or commit that won leaves it as that one made it) and only then is the stock given
  // back and the change feed appended. The lines read from the statement's snapshot are the ones to give back:
  // a reservation's lines never change, and only a reservation this snapshot sees HELD can be the one released.
  // An unknown order gets a RELEASED reservation.
  const release = () => prisma.$queryRaw<ReservationRow[]>`
    WITH held AS (
      SELECT line."productId", line.quantity
      FROM "Reservation" r JOIN "ReservationLine" line ON line."orderId" = r."orderId"
      WHERE r."orderId" = ${id}::uuid AND r.status = 'HELD'::"ReservationStatus"
    ),
    locked AS MATERIALIZED (
      SELECT p.id FROM "Product" p WHERE p.id IN (SELECT "productId" FROM held) ORDER BY p.id FOR UPDATE
    ),
    latest AS MATERIALIZED (
      -- The count reads every locked product before this row is locked (quals run below the row lock).
      SELECT * FROM "Reservation" WHERE "orderId" = ${id}::uuid AND (SELECT count(*) FROM locked) >= 0 FOR UPDATE
    ),
    released AS (
      UPDATE "Reservation" r SET status = 'RELEASED'::"ReservationStatus", "updatedAt" = ${NOW}
      FROM latest WHERE r."orderId" = latest."orderId" AND latest.status = 'HELD'::"ReservationStatus"
      RETURNING r.*
    ),
    given AS (
      UPDATE "Product" p SET stock = p.stock + held.quantity, "updatedAt" = ${NOW}
      FROM held WHERE p.id = held."productId" AND EXISTS (SELECT FROM released)
      RETURNING p.id
    ),
    recorded AS (
      INSERT INTO "Reservation" ("orderId", "userId", status, "createdAt", "updatedAt")
      SELECT ${id}::uuid, ${userId}::uuid, 'RELEASED'::"ReservationStatus", ${NOW}, ${NOW}
      WHERE NOT EXISTS (SELECT FROM "Reservation" WHERE "orderId" = ${id}::uuid)
      RETURNING *
    ),
    changes AS (${productChangesOf(Prisma.sql`given`)})
    SELECT answer."orderId", answer."userId", COALESCE(released.status, answer.status)::text AS status, answer."createdAt",
      COALESCE(released."updatedAt", answer."updatedAt") AS "updatedAt"
    FROM (SELECT * FROM latest UNION ALL SELECT * FROM recorded) AS answer
    LEFT JOIN released ON true`;
  try {
    return toReservation((await release())[0])!;
  } catch (error) {
    // A reservation of this order committed after this statement's snapshot (a late reservation won the insert):
    // run again, now that it is visible, so its stock is given back rather than left held.
    if (!isUniqueViolation(error)) throw error;
    return toReservation((await release())[0])!;
  }
}

/** Makes an order's held stock final (the order was paid). CONFLICT when it was released, NOT_FOUND when unknown. */
export async function commitReservation(prisma: PrismaClient, orderId: string): Promise<ReservationAnswer> {
  const id = requireUuid(orderId, "orderId");
  // One statement: the row locked and re-read at its newest version (a concurrent release that won shows as
  // RELEASED), HELD becomes COMMITTED; the answer is the row as it is after.
  const [row] = await prisma.$queryRaw<ReservationRow[]>`
    WITH latest AS MATERIALIZED (
      SELECT * FROM "Reservation" WHERE "orderId" = ${id}::uuid FOR UPDATE
    ),
    committed AS (
      UPDATE "Reservation" r SET status = 'COMMITTED'::"ReservationStatus", "updatedAt" = ${NOW}
      FROM latest WHERE r."orderId" = latest."orderId" AND latest.status = 'HELD'::"ReservationStatus"
      RETURNING r.*
    )
    SELECT latest."orderId", latest."userId", COALESCE(committed.status, latest.status)::text AS status, latest."createdAt",
      COALESCE(committed."updatedAt", latest."updatedAt") AS "updatedAt"
    FROM latest LEFT JOIN committed ON true`;
  const reservation = toReservation(row);
  if (!reservation) throw notFound("Reservation");
  if (reservation.status !== "COMMITTED") throw graphError("CONFLICT", "This reservation was released and cannot be committed");
  return reservation;
}

/** The reservation with its lines, for the rare path where a statement lost a race and must answer the winner's. */
function findReservation(prisma: PrismaClient, orderId: string) {
  return prisma.reservation.findUnique({ where: { orderId }, include: { lines: { orderBy: { productId: "asc" } } } });
}
