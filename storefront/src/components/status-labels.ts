// Words for order and payment states.
import type { OrderStatus, PaymentStatus } from "../gql/graphql.ts";

export const orderStatusLabel: Record<OrderStatus, string> = {
  PENDING: "Awaiting payment",
  PAID: "Paid",
  CANCELLED: "Cancelled",
  SHIPPED: "Shipped",
  DELIVERED: "Delivered",
  REFUNDED: "Refunded",
};

export function paymentStatusLabel(status: PaymentStatus | undefined): string {
  switch (status as string | undefined) {
    case "SUCCEEDED":
      return "Payment succeeded";
    case "FAILED":
      return "Last payment attempt failed";
    case "PENDING":
      return "Payment processing";
    case "REFUNDED":
      return "Payment refunded";
    case undefined:
      return "Not paid yet";
    default:
      return `Payment ${String(status).toLowerCase()}`;
  }
}
