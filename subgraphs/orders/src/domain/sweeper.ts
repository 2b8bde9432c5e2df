// The orders sweeper, run periodically by every replica: expires unpaid orders (releasing their stock through
// the outbox), removes shells of placements that never completed, prunes old idempotency keys, and delivers the
// outbox. Each step is a single statement (db/sweep.ts) over rows claimed with SKIP LOCKED, so replicas share the work.
import { deliverOutbox } from "@shop/shared/outbox";
import type { PrismaClient } from "../__generated__/prisma/client.ts";
import type { CheckoutDependencies } from "../checkout-dependencies.ts";
import { expireOrders, pruneIdempotencyKeys, removeAbandonedShells } from "../db/sweep.ts";
import { stockHandlers } from "./outbox.ts";

export const IDEMPOTENCY_KEY_RETENTION_HOURS = 24;

export async function sweep(prisma: PrismaClient, checkout: Pick<CheckoutDependencies, "products" | "logger" | "outboxLeaseMs">): Promise<void> {
  const expired = await expireOrders(prisma);
  const removed = await removeAbandonedShells(prisma);
  const pruned = await pruneIdempotencyKeys(prisma, new Date(Date.now() - IDEMPOTENCY_KEY_RETENTION_HOURS * 3_600_000));
  let delivered = 0;
  const deliver = () => deliverOutbox(prisma, stockHandlers(checkout), checkout.logger, { leaseMs: checkout.outboxLeaseMs });
  for (let batch = await deliver(); batch > 0; batch = await deliver()) delivered += batch;
  if (expired || removed || pruned || delivered) {
    checkout.logger.info({ expired, removed, prunedKeys: pruned, delivered }, "orders sweep");
  }
}
