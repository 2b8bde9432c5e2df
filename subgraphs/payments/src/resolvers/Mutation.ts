// payOrder: pays one of the caller's orders by card.
import type { Context } from "../context.ts";
import { payOrder, type PayOrderInput } from "../domain/pay-order.ts";

export const Mutation = {
  payOrder: (_: unknown, { input }: { input: PayOrderInput }, context: Context) => payOrder(context, input),
};
