// Calls to the orders service's internal payment mutations, signed as the payments service for the buyer.
import { type ServiceClient, serviceMutation } from "@shop/shared/service-client";

export interface PayableOrder {
  id: string;
  totalCents: number;
  currency: string;
  /** SHIPPED and DELIVERED come after PAID: such an order was paid. REFUNDED: paid, then refunded in full. */
  status: "PENDING" | "PAID" | "CANCELLED" | "SHIPPED" | "DELIVERED" | "REFUNDED";
  user: { id: string };
}

const FIELDS = `id totalCents currency status user { id }`;

export function createOrdersClient(client: ServiceClient) {
  const begin = serviceMutation<{ orderId: string }, PayableOrder>(client, "beginOrderPayment", "$orderId: ID!", FIELDS);
  const markPaid = serviceMutation<{ orderId: string }, PayableOrder>(client, "markOrderPaid", "$orderId: ID!", FIELDS);
  const markRefunded = serviceMutation<{ orderId: string }, PayableOrder>(client, "markOrderRefunded", "$orderId: ID!", FIELDS);
  return {
    beginOrderPayment: (userId: string, orderId: string, requestId?: string) => begin(userId, { orderId }, requestId),
    markOrderPaid: (userId: string, orderId: string, requestId?: string) => markPaid(userId, { orderId }, requestId),
    /** The payment was refunded in full: a PAID order becomes REFUNDED and its stock goes back on sale. Idempotent. */
    markOrderRefunded: (userId: string, orderId: string, requestId?: string) => markRefunded(userId, { orderId }, requestId),
  };
}

export type OrdersClient = ReturnType<typeof createOrdersClient>;
