// An order's lines, total, and order and payment status.
import { Price } from "./Price.tsx";
import { orderStatusLabel, paymentStatusLabel } from "./status-labels.ts";
import type { OrderDetailsFragment } from "../gql/graphql.ts";

export function OrderStatusLine({ order }: { order: OrderDetailsFragment }) {
  return (
    <p className="order-status">
      <span className={`pill pill-${order.status.toLowerCase()}`}>{orderStatusLabel[order.status]}</span>{" "}
      <span className="payment-status">{paymentStatusLabel(order.payment?.status)}</span>
    </p>
  );
}

export function OrderLines({ order }: { order: OrderDetailsFragment }) {
  return (
    <table className="order-lines">
      <caption className="visually-hidden">Items in this order</caption>
      <thead>
        <tr>
          <th scope="col">Product</th>
          <th scope="col">Quantity</th>
          <th scope="col">Unit price</th>
          <th scope="col">Subtotal</th>
        </tr>
      </thead>
      <tbody>
        {order.items.map((item) => (
          <tr key={item.product.id}>
            <th scope="row">{item.product.name}</th>
            <td>{item.quantity}</td>
            <td>
              <Price cents={item.unitPriceCents} currency={order.currency} />
            </td>
            <td>
              <Price cents={item.lineTotalCents} currency={order.currency} />
            </td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colSpan={3}>
            Total
          </th>
          <td>
            <Price cents={order.totalCents} currency={order.currency} />
          </td>
        </tr>
      </tfoot>
    </table>
  );
}
