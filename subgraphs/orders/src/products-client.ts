// Calls to the products service's internal stock mutations, signed as the orders service for the buyer.
import type { ServiceClient } from "@shop/shared/service-client";

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

export function createProductsClient(client: ServiceClient) {
  return {
    async reserve(userId: string, orderId: string, items: Array<{ productId: string; quantity: number }>, requestId?: string) {
      const data = await client.request<{ reserveStock: StockReservation }>(
        `mutation ($orderId: ID!, $items: [StockLineInput!]!) { reserveStock(orderId: $orderId, items: $items) { ${FIELDS} } }`,
        { orderId, items },
        { userId, requestId },
      );
      return data.reserveStock;
    },
    async release(userId: string, orderId: string, requestId?: string) {
      const data = await client.request<{ releaseReservation: ReservationStatus }>(
        `mutation ($orderId: ID!) { releaseReservation(orderId: $orderId) { ${STATUS_FIELDS} } }`,
        { orderId },
        { userId, requestId },
      );
      return data.releaseReservation;
    },
    async commit(userId: string, orderId: string, requestId?: string) {
      const data = await client.request<{ commitReservation: ReservationStatus }>(
        `mutation ($orderId: ID!) { commitReservation(orderId: $orderId) { ${STATUS_FIELDS} } }`,
        { orderId },
        { userId, requestId },
      );
      return data.commitReservation;
    },
  };
}

export type ProductsClient = ReturnType<typeof createProductsClient>;
