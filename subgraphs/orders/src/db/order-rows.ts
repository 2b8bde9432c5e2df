// What the write statements share: UTC "now" as Prisma stores it, and raw Order rows mapped back to the
// generated model type, so resolvers see exactly what the Prisma client returned before.
import { UTC_NOW } from "@shop/shared/utc-now";
import { Prisma, type Order } from "../__generated__/prisma/client.ts";

export const NOW = Prisma.raw(UTC_NOW);

/**
 * An Order from a raw row that may carry more columns (a key's requestHash, the lines written with it). Both
 * adapters already decode uuid as string, timestamp as Date, int as number and the enum as its label.
 */
export function toOrder(row: Order): Order {
  return {
    id: row.id,
    userId: row.userId,
    status: row.status,
    totalCents: row.totalCents,
    currency: row.currency,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    placing: row.placing,
    expiresAt: row.expiresAt,
    shippingAddress: row.shippingAddress,
    carrier: row.carrier,
    trackingNumber: row.trackingNumber,
    shippedAt: row.shippedAt,
    deliveredAt: row.deliveredAt,
    paymentStartedAt: row.paymentStartedAt,
  };
}
