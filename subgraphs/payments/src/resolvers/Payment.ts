// The Payment entity: owner-only reference resolution, the order reference, and field mapping.
import { isUuid } from "@shop/shared/ids";
import type { Payment as PaymentRow } from "../__generated__/prisma/client.ts";
import type { Context } from "../context.ts";
import { visibleTo } from "../domain/payments.ts";

export const Payment = {
  __resolveReference: async ({ id }: { id: string }, { caller, loaders }: Context) =>
    isUuid(id) && caller.userId ? visibleTo(await loaders.payment.load(id.toLowerCase()), caller) : null,
  order: (payment: PaymentRow) => ({ __typename: "Order", id: payment.orderId }),
  createdAt: (payment: PaymentRow) => payment.createdAt.toISOString(),
};
