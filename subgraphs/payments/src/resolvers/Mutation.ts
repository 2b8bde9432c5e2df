// payOrder: pays one of the caller's orders by card; refundPayment: staff give part or all of a payment back.
import type { Context } from "../context.ts";
import { payOrder, type PayOrderInput } from "../domain/pay-order.ts";
import { refundPayment, type RefundPaymentInput } from "../domain/refund-payment.ts";

export const Mutation = {
  payOrder: (_: unknown, { input }: { input: PayOrderInput }, context: Context) => payOrder(context, input),
  refundPayment: (_: unknown, { input }: { input: RefundPaymentInput }, context: Context) => refundPayment(context, input),
};
