// Calls to the products service's internal stock mutations, signed as the orders service for the buyer.
import { type ServiceClient, serviceMutation } from "@shop/shared/service-client";

export interface ReservedLine {
  productId: string;
  quantity: number;
  unitPriceCents: number;
  currency: string;
}

export interface StockReservation {
  orderId: string;
  status: "HELD" | "COMMITTED" | "RELEASED";
  lines: ReservedLine[];
}

export type ReservationStatus = Pick<StockReservation, "orderId" | "status">;

const FIELDS = `orderId status lines { productId quantity unitPriceCents currency }`;
/** Commit and release answer without lines: nothing here uses them, and products loads them only when asked. */
const STATUS_FIELDS = `orderId status`;

type StockLines = Array<{ productId: string; quantity: number }>;

export function createProductsClient(client: ServiceClient) {
  const reserve = serviceMutation<{ orderId: string; items: StockLines }, StockReservation>(client, "reserveStock", "$orderId: ID!, $items: [StockLineInput!]!", FIELDS);
  const release = serviceMutation<{ orderId: string }, ReservationStatus>(client, "releaseReservation", "$orderId: ID!", STATUS_FIELDS);
  const commit = serviceMutation<{ orderId: string }, ReservationStatus>(client, "commitReservation", "$orderId: ID!", STATUS_FIELDS);
  const giveBack = serviceMutation<{ orderId: string }, ReservationStatus>(client, "returnStock", "$orderId: ID!", STATUS_FIELDS);
  return {
    reserve: (userId: string, orderId: string, items: StockLines, requestId?: string) => reserve(userId, { orderId, items }, requestId),
    release: (userId: string, orderId: string, requestId?: string) => release(userId, { orderId }, requestId),
    commit: (userId: string, orderId: string, requestId?: string) => commit(userId, { orderId }, requestId),
    /** The order was refunded in full before shipping: its sold units go back on sale, once. */
    returnStock: (userId: string, orderId: string, requestId?: string) => giveBack(userId, { orderId }, requestId),
  };
}

export type ProductsClient = ReturnType<typeof createProductsClient>;
