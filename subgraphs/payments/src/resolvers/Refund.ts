// A refund of a payment: field mapping (the row is the payment's, already visible to the caller).
import type { RefundResolvers } from "../__generated__/resolvers-types.ts";

export const Refund: RefundResolvers = {
  createdAt: (refund) => refund.createdAt.toISOString(),
};
