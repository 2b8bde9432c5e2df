// The Order entity (owned by the orders service): this subgraph adds Order.payment, visible to the order's owner only.
import { isUuid } from "@shop/shared/ids";
import type { OrderResolvers } from "../__generated__/resolvers-types.ts";
import { choosePayment, visibleTo } from "../domain/payments.ts";

export const Order: OrderResolvers = {
  __resolveReference: ({ id }) => ({ id }),
  payment: async ({ id }, _, { caller, loaders }) =>
    isUuid(id) && caller.userId ? visibleTo(choosePayment(await loaders.paymentsByOrder.load(id.toLowerCase())), caller) : null,
};
