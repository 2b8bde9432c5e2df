// Fulfilment by staff (orders:manage): a PAID order with a shipping address is handed to a carrier (SHIPPED), then
// arrives (DELIVERED). Only forward: each move is one statement decided on the row's current status
// (db/lifecycle.ts), so of two staff shipping one order at once one wins and the other gets CONFLICT.
import { badUserInput, graphError, notFound } from "@shop/shared/errors";
import type { Caller } from "@shop/shared/identity";
import { requireUuid } from "@shop/shared/ids";
import { SCOPES } from "@shop/shared/scopes";
import { requireScope } from "@shop/shared/service-caller";
import type { Order } from "../__generated__/prisma/client.ts";
import { writesOf } from "../checkout-dependencies.ts";
import type { Actor, Changed } from "../db/lifecycle.ts";
import type { LifecycleContext } from "./order-lifecycle.ts";

export interface ShipOrderInput {
  orderId: string;
  carrier: string;
  trackingNumber: string;
}

/** A carrier's name: a word or a few (DHL, Royal Mail, UPS Ground, Hermes & Co.). */
const CARRIER = /^[\p{L}\p{N}][\p{L}\p{N} .&'-]{0,49}$/u;
/** Tracking numbers across carriers: letters, digits and hyphens (e.g. 1Z999AA10123456784, JD014600003828405127). */
const TRACKING_NUMBER = /^[A-Za-z0-9][A-Za-z0-9-]{2,38}[A-Za-z0-9]$/;

/** The carrier and tracking number to record, trimmed; BAD_USER_INPUT naming the bad one. */
export function parseShipment(input: Pick<ShipOrderInput, "carrier" | "trackingNumber">): { carrier: string; trackingNumber: string } {
  const carrier = input.carrier.trim();
  if (!CARRIER.test(carrier)) throw badUserInput("carrier must be 1 to 50 letters, digits, spaces or . & ' -, starting with a letter or digit", "carrier");
  const trackingNumber = input.trackingNumber.trim();
  if (!TRACKING_NUMBER.test(trackingNumber)) throw badUserInput("trackingNumber must be 4 to 40 letters, digits or hyphens", "trackingNumber");
  return { carrier, trackingNumber };
}

/** The staff member making the change: UNAUTHENTICATED when anonymous, FORBIDDEN without orders:manage. */
function staffActor(caller: Caller): Actor {
  return { userId: requireScope(caller, SCOPES.ordersManage), service: caller.issuer };
}

/** The order after a staff move, or NOT_FOUND / CONFLICT (with `reason`) saying why it could not move. */
function moved(result: Changed | null, refusal: (order: Order) => { reason: string; message: string }): Order {
  if (!result) throw notFound("Order");
  if (!result.changed) {
    const { reason, message } = refusal(result.order);
    throw graphError("CONFLICT", message, { reason, status: result.order.status });
  }
  return result.order;
}

/** PAID -> SHIPPED with the carrier and tracking number. CONFLICT NO_SHIPPING_ADDRESS or NOT_PAID otherwise. */
export async function shipOrder(context: LifecycleContext, input: ShipOrderInput): Promise<Order> {
  const actor = staffActor(context.caller);
  const id = requireUuid(input.orderId, "orderId");
  const shipment = parseShipment(input);
  const result = await writesOf(context.checkout).shipPaid(context.prisma, id, actor, shipment);
  return moved(result, (order) =>
    order.status === "PAID" && order.shippingAddress === null
      ? { reason: "NO_SHIPPING_ADDRESS", message: "This order has no shipping address, so it cannot be shipped" }
      : { reason: "NOT_PAID", message: `Only a PAID order can be shipped; this one is ${order.status}` },
  );
}

/** SHIPPED -> DELIVERED. CONFLICT NOT_SHIPPED otherwise (a DELIVERED order included: it never moves back). */
export async function markOrderDelivered(context: LifecycleContext, orderId: string): Promise<Order> {
  const actor = staffActor(context.caller);
  const id = requireUuid(orderId, "orderId");
  const result = await writesOf(context.checkout).markDelivered(context.prisma, id, actor);
  return moved(result, (order) => ({ reason: "NOT_SHIPPED", message: `Only a SHIPPED order can be marked delivered; this one is ${order.status}` }));
}
