// The Payment entity: reference resolution for its owner (and refunding staff), the order reference, its refunds, and field mapping.
import { isUuid } from "@shop/shared/ids";
import type { PaymentResolvers } from "../__generated__/resolvers-types.ts";
import { visibleTo } from "../domain/payments.ts";

export const Payment: PaymentResolvers = {
  __resolveReference: async ({ id }, { caller, loaders }) =>
    isUuid(id) && caller.userId ? visibleTo(await loaders.payment.load(id.toLowerCase()), caller) : null,
  order: (payment) => ({ id: payment.orderId }),
  createdAt: (payment) => payment.createdAt.toISOString(),
  refunds: (payment, _, { loaders }) => loaders.refundsByPayment.load(payment.id),
};
