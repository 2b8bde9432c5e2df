// The orders service's outbox rows: stock to release, commit or return in the products service, queued in the same
// statement as the change that requires it (SQL for a data-modifying CTE), so no message is ever lost.
import { randomUUID } from "node:crypto";
import { claimedAtBirth } from "@shop/shared/outbox";
import { UTC_NOW } from "@shop/shared/utc-now";
import { Prisma } from "../__generated__/prisma/client.ts";
import { NOW } from "./order-rows.ts";

export type StockTopic = "stock.release" | "stock.commit" | "stock.return";

/**
 * SQL of a data-modifying CTE body: queues a `topic` message for the order of `source` (a CTE returning "id"
 * and "userId", at most one row: the message id is generated here), born claimed for `leaseMs` so no sweeper
 * takes it while its writer delivers it. It returns what delivery needs.
 */
export function queueClaimed(topic: StockTopic, source: string, leaseMs: number | undefined): Prisma.Sql {
  return Prisma.sql`INSERT INTO "OutboxMessage" ("id", "topic", "payload", "attempts", "availableAt", "createdAt")
    SELECT ${randomUUID()}::uuid, ${topic}, jsonb_build_object('orderId', "id", 'userId', "userId"),
           ${Prisma.raw(claimedAtBirth(leaseMs))}, ${NOW}
    FROM ${Prisma.raw(`"${source}"`)}
    RETURNING "id", "topic", "payload", "attempts"`;
}

/**
 * A statement that runs `changed` (returning "id", "userId") and queues a "stock.release" message per row it changed,
 * due now; `also` adds more data-modifying CTEs over "changed" (e.g. `, logged AS (INSERT ...)`).
 */
export const withReleaseMessage = (changed: string, also = "") => `
  WITH changed AS (${changed})${also}
  INSERT INTO "OutboxMessage" ("id", "topic", "payload", "availableAt", "createdAt")
  SELECT gen_random_uuid(), 'stock.release', jsonb_build_object('orderId', "id", 'userId', "userId"), ${UTC_NOW}, ${UTC_NOW} FROM changed`;
