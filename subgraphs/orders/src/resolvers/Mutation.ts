// Mutations of the orders service: placeOrder and cancelOrder for shoppers; shipOrder and markOrderDelivered for
// staff (orders:manage, in the SDL and in the domain); beginOrderPayment, markOrderPaid and markOrderRefunded for
// the payments service only (@inaccessible in the supergraph, and checked in the domain).
import type { Context } from "../context.ts";
import { markOrderDelivered, type ShipOrderInput, shipOrder } from "../domain/order-fulfilment.ts";
import { beginOrderPayment, cancelOrder, markOrderPaid, markOrderRefunded } from "../domain/order-lifecycle.ts";
import { placeOrder, type PlaceOrderInput } from "../domain/place-order.ts";

export const Mutation = {
  placeOrder: (_: unknown, { input }: { input: PlaceOrderInput }, context: Context) => placeOrder(context, input),
  cancelOrder: (_: unknown, { orderId }: { orderId: string }, context: Context) => cancelOrder(context, orderId),
  shipOrder: (_: unknown, { input }: { input: ShipOrderInput }, context: Context) => shipOrder(context, input),
  markOrderDelivered: (_: unknown, { orderId }: { orderId: string }, context: Context) => markOrderDelivered(context, orderId),
  beginOrderPayment: (_: unknown, { orderId }: { orderId: string }, context: Context) => beginOrderPayment(context, orderId),
  markOrderPaid: (_: unknown, { orderId }: { orderId: string }, context: Context) => markOrderPaid(context, orderId),
  markOrderRefunded: (_: unknown, { orderId }: { orderId: string }, context: Context) => markOrderRefunded(context, orderId),
};
