// Stock reservation statements: each is ONE SQL statement (data-modifying CTEs, atomic on its own) that locks in a
// fixed order, changes stock and reservations, appends the product change feed, and answers what it did.
import { UTC_NOW } from "@shop/shared/utc-now";
import { Prisma, type PrismaClient, type Reservation, type ReservationLine, type ReservationStatus } from "../__generated__/prisma/client.ts";
import { productChangesOf } from "../domain/change-feed.ts";

/** One checked line of a reservation. */
export interface StockLine {
  productId: string;
  quantity: number;
}

const NOW = Prisma.raw(UTC_NOW);

/** A reservation's columns as a raw statement returns them (null when it found none); status read as text. */
export interface ReservationRow {
  orderId: string | null;
  userId: string | null;
  status: ReservationStatus | null;
  createdAt: Date | null;
  updatedAt: Date | null;
}

export function toReservation(row: ReservationRow | undefined): Reservation | null {
  if (!row?.orderId) return null;
  return { orderId: row.orderId, userId: row.userId!, status: row.status!, createdAt: row.createdAt!, updatedAt: row.updatedAt! };
}

/** A wanted product as reserveStock locked it: its newest committed values. */
export interface LockedProduct {
  id: string;
  name: string;
  currency: string;
  stock: number;
  /** Archived products cannot be ordered. */
  archived: boolean;
}

export type ReserveRow = ReservationRow & {
  lines: Array<Omit<ReservationLine, "orderId">> | null;
  products: LockedProduct[] | null;
};

/**
 * Reserves `lines` (checked, sorted by product id) for order `id`, or answers the order's existing reservation.
 * A row with no reservation means nothing was taken: `products` then explains why. A concurrent reservation of the
 * same order makes the statement fail with a unique violation (nothing written).
 */
export async function reserveStatement(prisma: PrismaClient, id: string, userId: string, lines: readonly StockLine[]): Promise<ReserveRow | undefined> {
  // One statement. An existing reservation for the order is the answer and nothing is locked or written.
  // Otherwise the wanted products are locked in id order (a fixed order: concurrent reservations and releases
  // cannot deadlock); under READ COMMITTED a row locked after waiting for another buyer is re-read at its newest
  // committed version, so the verdict (every product exists, one currency, enough of each) is decided on the
  // stock as it is now and cannot change before commit. Reading the verdict reads every locked row, so all locks
  // are taken before the first write. Only if it holds: the reservation is inserted (a concurrent reservation of
  // the same order makes this a unique violation, which aborts the whole statement), then the stock is
  // decremented (the UPDATE writes the newest row versions, the ones locked), the lines are inserted at the
  // price of that moment, and the change feed is appended, last. An archived product fails the verdict (it
  // cannot be ordered). The locked products come back with the answer, so a refusal is explained without a
  // second query.
  const [row] = await prisma.$queryRaw<ReserveRow[]>`
      WITH wanted AS (
        SELECT * FROM jsonb_to_recordset(${JSON.stringify(lines)}::jsonb) AS wanted("productId" uuid, quantity int)
      ),
      existing AS (
        SELECT * FROM "Reservation" WHERE "orderId" = ${id}::uuid
      ),
      locked AS MATERIALIZED (
        SELECT p.id, p.name, p."priceCents", p.currency, p.stock, p.archived, wanted.quantity
        FROM "Product" p JOIN wanted ON wanted."productId" = p.id
        WHERE NOT EXISTS (SELECT FROM existing)
        ORDER BY p.id
        FOR UPDATE OF p
      ),
      verdict AS (
        SELECT count(*) = ${lines.length} AND count(DISTINCT currency) = 1 AND bool_and(stock >= quantity AND NOT archived) AS holds FROM locked
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
        (SELECT json_agg(json_build_object('id', id, 'name', name, 'currency', currency, 'stock', stock, 'archived', archived)) FROM locked) AS products
      FROM (SELECT) AS one
      LEFT JOIN (SELECT * FROM existing UNION ALL SELECT * FROM reservation) AS answer ON true`;
  return row;
}

/**
 * Gives the order's HELD stock back once (HELD -> RELEASED), or records an unknown order as RELEASED; answers the
 * reservation as it is after. A reservation committed after the statement's snapshot makes it fail with a unique violation.
 */
export function releaseStatement(prisma: PrismaClient, id: string, userId: string): Promise<Reservation | null> {
  return giveBackStatement(prisma, id, userId, "HELD");
}

/**
 * Gives an order's sold stock back once (COMMITTED -> RELEASED: the order was refunded in full before shipping);
 * answers the reservation as it is after, null for an unknown order. Anything else is left as it is.
 */
export function returnStatement(prisma: PrismaClient, id: string, userId: string): Promise<Reservation | null> {
  return giveBackStatement(prisma, id, userId, "COMMITTED");
}

/**
 * The stock of `userId`'s reservation of order `id` back on sale, once, when the reservation is `from` (HELD: a
 * release; COMMITTED: a return after a full refund); it becomes RELEASED.
 */
async function giveBackStatement(prisma: PrismaClient, id: string, userId: string, from: "HELD" | "COMMITTED"): Promise<Reservation | null> {
  // One statement, locking in reserveStock's order: the lines' products (in id order) first, then the reservation's
  // row, re-read at its newest version (FOR UPDATE) so the answer is exact: `from` becomes RELEASED once (a
  // concurrent release, commit or return that won leaves it as that one made it) and only then is the stock given
  // back and the change feed appended. The lines read from the statement's snapshot are the ones to give back: a
  // reservation's lines never change, and only a reservation this snapshot sees as `from` can be the one changed.
  // An unknown order gets a RELEASED reservation; one created after the snapshot makes that insert fail with a
  // unique violation (nothing written), and the caller retries.
  const status = Prisma.sql`${from}::"ReservationStatus"`;
  const [row] = await prisma.$queryRaw<ReservationRow[]>`
    WITH lines AS (
      SELECT line."productId", line.quantity
      FROM "Reservation" r JOIN "ReservationLine" line ON line."orderId" = r."orderId"
      WHERE r."orderId" = ${id}::uuid AND r."userId" = ${userId}::uuid AND r.status = ${status}
    ),
    locked AS MATERIALIZED (
      SELECT p.id FROM "Product" p WHERE p.id IN (SELECT "productId" FROM lines) ORDER BY p.id FOR UPDATE
    ),
    latest AS MATERIALIZED (
      -- The count reads every locked product before this row is locked (quals run below the row lock).
      SELECT * FROM "Reservation" WHERE "orderId" = ${id}::uuid AND (SELECT count(*) FROM locked) >= 0 FOR UPDATE
    ),
    released AS (
      UPDATE "Reservation" r SET status = 'RELEASED'::"ReservationStatus", "updatedAt" = ${NOW}
      FROM latest WHERE r."orderId" = latest."orderId" AND latest."userId" = ${userId}::uuid AND latest.status = ${status}
        AND EXISTS (SELECT FROM lines)
      RETURNING r.*
    ),
    given AS (
      UPDATE "Product" p SET stock = p.stock + lines.quantity, "updatedAt" = ${NOW}
      FROM lines WHERE p.id = lines."productId" AND EXISTS (SELECT FROM released)
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
  return toReservation(row);
}

/** HELD -> COMMITTED when `userId` holds it; answers the reservation as it is after, null for an unknown order. */
export async function commitStatement(prisma: PrismaClient, id: string, userId: string): Promise<Reservation | null> {
  // One statement: the row locked and re-read at its newest version (a concurrent release that won shows as
  // RELEASED), HELD becomes COMMITTED; the answer is the row as it is after.
  const [row] = await prisma.$queryRaw<ReservationRow[]>`
    WITH latest AS MATERIALIZED (
      SELECT * FROM "Reservation" WHERE "orderId" = ${id}::uuid FOR UPDATE
    ),
    committed AS (
      UPDATE "Reservation" r SET status = 'COMMITTED'::"ReservationStatus", "updatedAt" = ${NOW}
      FROM latest WHERE r."orderId" = latest."orderId" AND latest."userId" = ${userId}::uuid AND latest.status = 'HELD'::"ReservationStatus"
      RETURNING r.*
    )
    SELECT latest."orderId", latest."userId", COALESCE(committed.status, latest.status)::text AS status, latest."createdAt",
      COALESCE(committed."updatedAt", latest."updatedAt") AS "updatedAt"
    FROM latest LEFT JOIN committed ON true`;
  return toReservation(row);
}

/** The reservation with its lines, for the rare path where a statement lost a race and must answer the winner's. */
export function findReservation(prisma: PrismaClient, orderId: string) {
  return prisma.reservation.findUnique({ where: { orderId }, include: { lines: { orderBy: { productId: "asc" } } } });
}
