// The Order entity (owned by the orders service): this subgraph adds Order.payment, visible to the order's owner only.
import { isUuid } from "@shop/shared/ids";
import type { Context } from "../context.ts";
import { choosePayment, visibleTo } from "../domain/payments.ts";

interface OrderReference {
  id: string;
}

export const Order = {
  __resolveReference: (reference: OrderReference) => reference,
  payment: async ({ id }: OrderReference, _: unknown, { caller, loaders }: Context) =>
    isUuid(id) && caller.userId ? visibleTo(choosePayment(await loaders.paymentsByOrder.load(id.toLowerCase())), caller) : null,
};
