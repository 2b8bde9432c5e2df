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

const FIELDS = `orderId status lines { productId quantity unitPriceCents currency }`;

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
      const data = await client.request<{ releaseReservation: StockReservation }>(
        `mutation ($orderId: ID!) { releaseReservation(orderId: $orderId) { ${FIELDS} } }`,
        { orderId },
        { userId, requestId },
      );
      return data.releaseReservation;
    },
    async commit(userId: string, orderId: string, requestId?: string) {
      const data = await client.request<{ commitReservation: StockReservation }>(
        `mutation ($orderId: ID!) { commitReservation(orderId: $orderId) { ${FIELDS} } }`,
        { orderId },
        { userId, requestId },
      );
      return data.commitReservation;
    },
  };
}

export type ProductsClient = ReturnType<typeof createProductsClient>;
