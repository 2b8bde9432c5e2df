// Order history: the shopper's orders, newest first, a page at a time, with payment status and tracking number.
import { useQuery } from "@apollo/client/react";
import { Link } from "react-router";
import { ShipmentLine } from "../components/Fulfilment.tsx";
import { OrderStatusLine } from "../components/OrderSummary.tsx";
import { LoadMore } from "../components/LoadMore.tsx";
import { PageHeading } from "../components/Page.tsx";
import { Price } from "../components/Price.tsx";
import { ErrorMessage, Loading } from "../components/Status.tsx";
import { MyOrdersDocument } from "../gql/graphql.ts";
import { formatDate } from "../lib/dates.ts";

export function OrdersPage() {
  const { data, error, refetch, loading, fetchMore } = useQuery(MyOrdersDocument, { fetchPolicy: "cache-and-network" });
  const history = data?.me?.orderHistory;
  const orders = history?.edges.map((edge) => edge.node);

  return (
    <section>
      <PageHeading title="Your orders" />
      {error && !orders && <ErrorMessage error={error} retry={() => void refetch().catch(() => undefined)} />}
      {!orders && !error && <Loading label="Loading your orders…" />}
      {orders && orders.length === 0 && (
        <p>
          You have no orders yet. <Link to="/">Browse the catalog</Link>.
        </p>
      )}
      {orders && orders.length > 0 && (
        <ol className="order-list">
          {orders.map((order) => (
            <li key={order.id} className="order-card">
              <h2>
                <Link to={`/orders/${order.id}`}>Order of {formatDate(order.createdAt)}</Link>
              </h2>
              <OrderStatusLine order={order} />
              <ShipmentLine order={order} />
              <p>
                {order.items.map((item) => `${item.quantity} × ${item.product.name}`).join(", ")}
              </p>
              <p className="order-total">
                Total <Price cents={order.totalCents} currency={order.currency} />
              </p>
            </li>
          ))}
        </ol>
      )}
      {history && <LoadMore pageInfo={history.pageInfo} loading={loading} fetchMore={fetchMore} />}
    </section>
  );
}
