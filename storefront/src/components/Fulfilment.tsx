// Where an order goes and how far it got: its shipping address, the carrier and tracking number once shipped,
// and the refunds of its payment. Shown to the shopper on their order and to staff fulfilling it.
import type { OrderDetailsFragment } from "../gql/graphql.ts";
import { formatDate } from "../lib/dates.ts";
import { AddressView } from "./Address.tsx";
import { Price } from "./Price.tsx";

export function ShipmentLine({ order }: { order: OrderDetailsFragment }) {
  const { shipment } = order;
  if (!shipment) return null;
  return (
    <p className="shipment">
      Shipped with {shipment.carrier}, tracking number <strong className="tracking-number">{shipment.trackingNumber}</strong>
      {shipment.deliveredAt ? `; delivered ${formatDate(shipment.deliveredAt)}.` : `, on ${formatDate(shipment.shippedAt)}.`}
    </p>
  );
}

export function OrderFulfilment({ order }: { order: OrderDetailsFragment }) {
  const refunds = order.payment?.refunds ?? [];
  return (
    <div className="fulfilment">
      <h2>Delivery</h2>
      {order.shippingAddress ? <AddressView address={order.shippingAddress} /> : <p>No shipping address was given for this order.</p>}
      {order.shipment ? <ShipmentLine order={order} /> : order.status === "PAID" && <p className="hint">Not shipped yet.</p>}
      {order.payment && refunds.length > 0 && (
        <>
          <h2>Refunds</h2>
          <ul className="refunds">
            {refunds.map((refund) => (
              <li key={refund.id}>
                <Price cents={refund.amountCents} currency={order.payment!.currency} /> on {formatDate(refund.createdAt)}: {refund.reason}
                {refund.status !== "SUCCEEDED" && ` (${refund.status.toLowerCase()})`}
              </li>
            ))}
          </ul>
          <p>
            Refunded in total: <Price cents={order.payment.refundedCents} currency={order.payment.currency} />
          </p>
        </>
      )}
    </div>
  );
}
