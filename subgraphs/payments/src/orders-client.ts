// Calls to the orders service's internal payment mutations, signed as the payments service for the buyer.
import type { ServiceClient } from "@shop/shared/service-client";

export interface PayableOrder {
  id: string;
  totalCents: number;
  currency: string;
  status: "PENDING" | "PAID" | "CANCELLED";
  user: { id: string };
}

const FIELDS = `id totalCents currency status user { id }`;

export function createOrdersClient(client: ServiceClient) {
  return {
    async beginOrderPayment(userId: string, orderId: string, requestId?: string): Promise<PayableOrder> {
      const data = await client.request<{ beginOrderPayment: PayableOrder }>(
        `mutation ($orderId: ID!) { beginOrderPayment(orderId: $orderId) { ${FIELDS} } }`,
        { orderId },
        { userId, requestId },
      );
      return data.beginOrderPayment;
    },
    async markOrderPaid(userId: string, orderId: string, requestId?: string): Promise<PayableOrder> {
      const data = await client.request<{ markOrderPaid: PayableOrder }>(
        `mutation ($orderId: ID!) { markOrderPaid(orderId: $orderId) { ${FIELDS} } }`,
        { orderId },
        { userId, requestId },
      );
      return data.markOrderPaid;
    },
  };
}

export type OrdersClient = ReturnType<typeof createOrdersClient>;
