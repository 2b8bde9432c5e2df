// One recorded move of an order's status: the actor as a reference for the users subgraph, the shipment's details.
import type { OrderEventResolvers } from "../__generated__/resolvers-types.ts";

/** A shipment's event carries { carrier, trackingNumber } in its details (db/lifecycle.ts shipPaid). */
const detail = (details: unknown, key: "carrier" | "trackingNumber"): string | null => {
  const value = details && typeof details === "object" ? (details as Record<string, unknown>)[key] : undefined;
  return typeof value === "string" ? value : null;
};

export const OrderEvent: OrderEventResolvers = {
  actor: (event) => (event.actorId ? { id: event.actorId } : null),
  carrier: (event) => detail(event.details, "carrier"),
  trackingNumber: (event) => detail(event.details, "trackingNumber"),
  createdAt: (event) => event.createdAt.toISOString(),
};
