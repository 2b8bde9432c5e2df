// placeOrder's statements: the invisible "placing" shell written with its idempotency key, its completion with the
// reserved lines, and its removal (with the stock's release queued, when products may hold some).
import { randomUUID } from "node:crypto";
import type { Address } from "@shop/shared/address";
import type { OutboxMessage } from "@shop/shared/outbox";
import type { Order, OrderItem, PrismaClient } from "../__generated__/prisma/client.ts";
import { NOW, toOrder } from "./order-rows.ts";
import { queueClaimed } from "./outbox.ts";

/**
 * The order this key already stands for, or a new invisible shell recorded with the key that expires after
 * `ttlSeconds`: one statement, so the shell and its key are written together or not at all. The row carries the
 * key's requestHash, to refuse the key's reuse for a different request. Two requests with the same key at the
 * same moment: the loser's whole statement fails with a unique violation (no orphan shell).
 */
export async function findOrCreateShell(prisma: PrismaClient, userId: string, key: string, hash: string, ttlSeconds: number): Promise<{ order: Order; requestHash: string }> {
  const rows = await prisma.$queryRaw<Array<Order & { requestHash: string }>>`
    WITH existing AS (
      SELECT o.*, k."requestHash" FROM "IdempotencyKey" k JOIN "Order" o ON o."id" = k."orderId"
      WHERE k."userId" = ${userId}::uuid AND k."key" = ${key}
    ), shell AS (
      INSERT INTO "Order" ("id", "userId", "status", "placing", "totalCents", "currency", "expiresAt", "createdAt", "updatedAt")
      SELECT ${randomUUID()}::uuid, ${userId}::uuid, 'PENDING'::"OrderStatus", true, 0, 'XXX',
             ${NOW} + ${ttlSeconds}::int * interval '1 second', ${NOW}, ${NOW}
      WHERE NOT EXISTS (SELECT FROM existing)
      RETURNING *
    ), recorded AS (
      INSERT INTO "IdempotencyKey" ("userId", "key", "requestHash", "orderId", "createdAt")
      SELECT "userId", ${key}, ${hash}, "id", ${NOW} FROM shell
      RETURNING "requestHash"
    )
    SELECT * FROM existing
    UNION ALL
    SELECT shell.*, recorded."requestHash" FROM shell, recorded`;
  const row = rows[0]!;
  return { order: toOrder(row), requestHash: row.requestHash };
}

export interface PlacedLine {
  productId: string;
  quantity: number;
  unitPriceCents: number;
}

/**
 * One statement: the shell becomes the order only if it is still placing and PENDING, and its lines are inserted
 * only when it did; RETURNING answers both, so nothing is read back. Null when the shell was no longer placing.
 * The lines come back in the loader's order (by product id). The shipping address (null: none) is written with it.
 */
export async function completeShell(
  prisma: PrismaClient,
  shellId: string,
  totalCents: number,
  currency: string,
  lines: readonly PlacedLine[],
  shippingAddress: Address | null = null,
): Promise<{ order: Order; items: OrderItem[] } | null> {
  const address = shippingAddress ? JSON.stringify(shippingAddress) : null;
  const rows = lines.map((line) => ({ id: randomUUID(), productId: line.productId, quantity: line.quantity, unitPriceCents: line.unitPriceCents }));
  const [completed] = await prisma.$queryRaw<Array<Order & { items: OrderItem[] }>>`
    WITH placed AS (
      UPDATE "Order" SET "placing" = false, "totalCents" = ${totalCents}, "currency" = ${currency}, "updatedAt" = ${NOW},
        "shippingAddress" = ${address}::jsonb
      WHERE "id" = ${shellId}::uuid AND "placing" AND "status" = 'PENDING'::"OrderStatus"
      RETURNING *
    ), items AS (
      INSERT INTO "OrderItem" ("id", "orderId", "productId", "quantity", "unitPriceCents")
      SELECT line."id", placed."id", line."productId", line."quantity", line."unitPriceCents"
      FROM placed, jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS line("id" uuid, "productId" uuid, "quantity" int, "unitPriceCents" int)
      RETURNING *
    )
    SELECT placed.*, (SELECT jsonb_agg(items) FROM items) AS "items" FROM placed`;
  if (!completed) return null;
  const items = completed.items.map(({ id, orderId, productId, quantity, unitPriceCents }) => ({ id, orderId, productId, quantity, unitPriceCents }));
  return { order: toOrder(completed), items: items.sort((a, b) => (a.productId < b.productId ? -1 : 1)) };
}

/**
 * Removes the shell and its key and queues the release of whatever products holds for it (born claimed for
 * `leaseMs`), in one statement. Only a shell still placing goes: one a concurrent retry completed stays.
 */
export function abandonShell(prisma: PrismaClient, shellId: string, leaseMs?: number): Promise<OutboxMessage[]> {
  return prisma.$queryRaw<OutboxMessage[]>`
    WITH gone AS (DELETE FROM "Order" WHERE "id" = ${shellId}::uuid AND "placing" RETURNING "id", "userId")
    ${queueClaimed("stock.release", "gone", leaseMs)}`;
}

/** Removes a shell (its idempotency key goes with it), so the same key can be used again. */
export async function discardShell(prisma: PrismaClient, shellId: string): Promise<void> {
  await prisma.order.deleteMany({ where: { id: shellId, placing: true } });
}

/** The order as it is now, visible or placing (rare paths: after a lost race). */
export function findOrder(prisma: PrismaClient, id: string): Promise<Order | null> {
  return prisma.order.findUnique({ where: { id } });
}
