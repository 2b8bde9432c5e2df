// Staff: one order (any customer's, with orders:manage): its lines, buyer, delivery and refunds, the fulfilment
// action for its status, and a refund of its payment.
import { useQuery } from "@apollo/client/react";
import { Link, useParams } from "react-router";
import { OrderFulfilment } from "../components/Fulfilment.tsx";
import { OrderLines, OrderStatusLine } from "../components/OrderSummary.tsx";
import { Missing } from "../components/Missing.tsx";
import { PageHeading } from "../components/Page.tsx";
import { Loading } from "../components/Status.tsx";
import { StaffOrderDocument } from "../gql/graphql.ts";
import { formatDate } from "../lib/dates.ts";
import { FulfilmentActions } from "./FulfilmentActions.tsx";
import { RefundForm } from "./RefundForm.tsx";

export function StaffOrderPage() {
  const { id = "" } = useParams();
  const { data, error, loading, refetch } = useQuery(StaffOrderDocument, { variables: { id }, fetchPolicy: "cache-and-network", errorPolicy: "all" });
  const order = data?.order;
  if (!order && loading) return <Loading label="Loading the order…" />;
  if (!order) return <Missing what="order" error={error} retry={refetch} />;
  return (
    <article className="order-page">
      <p className="breadcrumb">
        <Link to="/staff">← Orders to ship</Link>
      </p>
      <PageHeading title={`Order of ${formatDate(order.createdAt)}`} />
      <p>
        Customer: {order.user.name} ({order.user.email})
      </p>
      <OrderStatusLine order={order} />
      <OrderLines order={order} />
      <OrderFulfilment order={order} />
      <FulfilmentActions order={order} />
      {order.payment && <RefundForm key={order.payment.id} payment={order.payment} />}
    </article>
  );
}
