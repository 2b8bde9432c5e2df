// Staff: orders to fulfil (PAID, the default) or in transit (?status=SHIPPED), newest first, with their buyer,
// shipping address and the action that moves each forward; "Load more" follows the cursor.
import { NetworkStatus } from "@apollo/client";
import { useQuery } from "@apollo/client/react";
import { Link, useSearchParams } from "react-router";
import { AddressView } from "../components/Address.tsx";
import { ShipmentLine } from "../components/Fulfilment.tsx";
import { LoadMore } from "../components/LoadMore.tsx";
import { OrderStatusLine } from "../components/OrderSummary.tsx";
import { PageHeading } from "../components/Page.tsx";
import { Price } from "../components/Price.tsx";
import { ErrorMessage, Loading } from "../components/Status.tsx";
import { StaffOrdersDocument } from "../gql/graphql.ts";
import { formatDate } from "../lib/dates.ts";
import { FulfilmentActions } from "./FulfilmentActions.tsx";

const PAGE_SIZE = 20;

export function StaffOrdersPage() {
  const [params] = useSearchParams();
  const status = params.get("status") === "SHIPPED" ? "SHIPPED" : "PAID";
  const { data, error, networkStatus, fetchMore, refetch } = useQuery(StaffOrdersDocument, {
    variables: { status, first: PAGE_SIZE },
    fetchPolicy: "cache-and-network",
    notifyOnNetworkStatusChange: true,
  });
  const orders = data?.orders;

  return (
    <section>
      <PageHeading title={status === "PAID" ? "Orders to ship" : "Orders in transit"} />
      {error && !orders && <ErrorMessage error={error} retry={() => void refetch().catch(() => undefined)} />}
      {!orders && !error && <Loading label="Loading orders…" />}
      {orders && orders.totalCount === 0 && <p>{status === "PAID" ? "Nothing to ship: every paid order has left." : "No order is in transit."}</p>}
      {orders && orders.edges.length > 0 && (
        <ol className="order-list staff-orders">
          {orders.edges.map(({ node: order }) => (
            <li key={order.id} className="order-card staff-order">
              <h2>
                <Link to={`/staff/orders/${order.id}`}>
                  {order.user.name}, {formatDate(order.createdAt)}
                </Link>
              </h2>
              <OrderStatusLine order={order} />
              <p>
                {order.items.map((item) => `${item.quantity} × ${item.product.name}`).join(", ")} —{" "}
                <Price cents={order.totalCents} currency={order.currency} />
              </p>
              {order.shippingAddress ? <AddressView address={order.shippingAddress} /> : <p className="hint">No shipping address.</p>}
              <ShipmentLine order={order} />
              <FulfilmentActions order={order} />
            </li>
          ))}
        </ol>
      )}
      {orders && <LoadMore pageInfo={orders.pageInfo} loading={networkStatus === NetworkStatus.fetchMore} fetchMore={fetchMore} />}
    </section>
  );
}
