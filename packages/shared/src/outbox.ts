// Transactional outbox delivery: messages a service wrote to its own "OutboxMessage" table in the same
// transaction as the change that requires them are handed to their handlers at least once. Several replicas
// can run this at the same time: each claims a batch with FOR UPDATE SKIP LOCKED and a lease, so a message is
// worked on by one replica at a time, and one whose replica died is picked up again when its lease ends.
import type { Faults } from "./faults.ts";
import type { Logger } from "./logger.ts";
import { UTC_NOW as NOW } from "./utc-now.ts";

/** What the generated Prisma clients offer that delivery needs. */
export interface OutboxDatabase {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
}

export interface OutboxMessage {
  id: string;
  topic: string;
  payload: Record<string, unknown>;
  attempts: number;
}

/** One handler per topic; it must be idempotent (a message can be delivered more than once). */
export type OutboxHandlers = Record<string, (payload: Record<string, unknown>) => Promise<void>>;

export interface DeliveryOptions {
  batchSize?: number;
  /** How long a claimed message stays invisible to other replicas. */
  leaseMs?: number;
  /** Only these message ids (delivering right after a commit); all due messages when omitted. */
  ids?: string[];
}

/** How long a claimed message stays invisible to other deliverers (a replica that dies holding it loses it then). */
export const OUTBOX_LEASE_MS = 30_000;

/**
 * SQL for the "attempts" and "availableAt" values of a message its writer delivers itself right after the commit
 * (`INSERT INTO "OutboxMessage" (..., "attempts", "availableAt") VALUES (..., ${claimedAtBirth()})`): it is born
 * claimed, so no worker takes it during the lease, and deliverClaimed needs no claiming statement. If the writer
 * dies before delivering it, the workers pick it up when the lease ends, like any claim whose holder died.
 */
export function claimedAtBirth(leaseMs: number = OUTBOX_LEASE_MS): string {
  if (!Number.isInteger(leaseMs) || leaseMs < 0) throw new Error(`outbox lease must be a whole number of ms, got ${leaseMs}`);
  return `1, ${NOW} + interval '${leaseMs} milliseconds'`;
}

function backoffMs(attempts: number): number {
  return Math.min(1_000 * 2 ** Math.max(0, attempts - 1), 300_000);
}

/** Delivers the due messages once each; returns how many were delivered. Failures are retried later with backoff. */
export async function deliverOutbox(db: OutboxDatabase, handlers: OutboxHandlers, logger: Logger, options: DeliveryOptions = {}): Promise<number> {
  const leaseMs = options.leaseMs ?? OUTBOX_LEASE_MS;
  const only = options.ids ? `AND "id" = ANY($3::uuid[])` : "";
  const claimed = await db.$queryRawUnsafe<OutboxMessage[]>(
    `UPDATE "OutboxMessage" SET "attempts" = "attempts" + 1, "availableAt" = ${NOW} + make_interval(secs => $1::double precision / 1000)
     WHERE "id" IN (SELECT "id" FROM "OutboxMessage" WHERE "availableAt" <= ${NOW} ${only}
                    ORDER BY "createdAt" LIMIT $2 FOR UPDATE SKIP LOCKED)
     RETURNING "id", "topic", "payload", "attempts"`,
    leaseMs,
    options.batchSize ?? 20,
    ...(options.ids ? [options.ids] : []),
  );
  return deliverClaimed(db, handlers, logger, claimed);
}

/**
 * Delivers messages this process already holds (claimed by deliverOutbox, or born claimed with claimedAtBirth):
 * each handler once, then the message is deleted; a failure pushes it back with backoff. Returns how many were delivered.
 */
export async function deliverClaimed(db: OutboxDatabase, handlers: OutboxHandlers, logger: Logger, claimed: readonly OutboxMessage[]): Promise<number> {
  let delivered = 0;
  for (const message of claimed) {
    const handler = handlers[message.topic];
    try {
      if (!handler) throw new Error(`no handler for topic ${message.topic}`);
      const payload = typeof message.payload === "string" ? (JSON.parse(message.payload) as Record<string, unknown>) : message.payload;
      await handler(payload);
      await db.$executeRawUnsafe(`DELETE FROM "OutboxMessage" WHERE "id" = $1::uuid`, message.id);
      delivered++;
    } catch (error) {
      logger.warn({ err: error, topic: message.topic, messageId: message.id, attempts: message.attempts }, "outbox delivery failed; will retry");
      await db.$executeRawUnsafe(
        `UPDATE "OutboxMessage" SET "availableAt" = ${NOW} + make_interval(secs => $2::double precision / 1000), "lastError" = $3 WHERE "id" = $1::uuid`,
        message.id,
        backoffMs(message.attempts),
        String((error as Error)?.message ?? error).slice(0, 500),
      );
    }
  }
  return delivered;
}

/**
 * Delivers, right after their commit, the messages a request wrote born claimed (claimedAtBirth): each handler
 * once, then the message is deleted. A failure is logged and left to the service's worker (`retriedBy`), which
 * delivers the message when its lease ends; so is everything once the process "crashed" (fault injection): a dead
 * process delivers nothing more.
 */
export async function deliverNow(
  db: OutboxDatabase,
  handlers: OutboxHandlers,
  { logger, faults }: { logger: Logger; faults: Faults },
  messages: readonly OutboxMessage[],
  retriedBy: string,
): Promise<void> {
  if (faults.crashed || messages.length === 0) return;
  await deliverClaimed(db, handlers, logger, messages).catch((error: unknown) =>
    logger.warn({ err: error }, `immediate outbox delivery failed; ${retriedBy} will retry`),
  );
}
