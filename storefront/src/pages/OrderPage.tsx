// One order: its lines, status, delivery (address, carrier and tracking number) and refunds; a pending order can be
// paid (checkout step 2) or cancelled.
import { useMutation, useQuery } from "@apollo/client/react";
import { useState } from "react";
import { Link, useLocation, useParams } from "react-router";
import { OrderFulfilment } from "../components/Fulfilment.tsx";
import { OrderLines, OrderStatusLine } from "../components/OrderSummary.tsx";
import { Missing } from "../components/Missing.tsx";
import { PageHeading } from "../components/Page.tsx";
import { PaymentForm } from "../components/PaymentForm.tsx";
import { ErrorMessage, Loading } from "../components/Status.tsx";
import { CancelOrderDocument, OrderDocument } from "../gql/graphql.ts";
import { formatDate } from "../lib/dates.ts";

export function OrderPage() {
  const { id = "" } = useParams();
  const location = useLocation();
  const justPlaced = Boolean((location.state as { justPlaced?: boolean } | null)?.justPlaced);
  const { data, error, loading, refetch } = useQuery(OrderDocument, {
    variables: { id },
    fetchPolicy: "cache-and-network",
    errorPolicy: "all",
  });
  const [cancelOrder, cancel] = useMutation(CancelOrderDocument);
  const [cancelError, setCancelError] = useState<unknown>(null);
  const [paidNow, setPaidNow] = useState(false);
  const order = data?.order;

  if (!order && loading) return <Loading label="Loading your order…" />;
  if (!order) return <Missing what="order" error={error} retry={refetch} />;

  return (
    <article className="order-page">
      <p className="breadcrumb">
        <Link to="/orders">← All orders</Link>
      </p>
      <PageHeading title={`Order of ${formatDate(order.createdAt)}`} />
      {justPlaced && order.status === "PENDING" && (
        <p className="success" role="status">
          Your order is placed and the items are reserved. Pay below to complete it.
        </p>
      )}
      <div aria-live="polite">
        {paidNow && order.status === "PAID" && (
          <p className="success" role="status">
            Payment received. Thank you — your order is paid.
          </p>
        )}
      </div>
      <OrderStatusLine order={order} />
      <OrderLines order={order} />
      <OrderFulfilment order={order} />
      {order.status === "PENDING" && (
        <>
          <h2>Payment</h2>
          <PaymentForm order={order} onPaid={() => setPaidNow(true)} />
          <h2>Changed your mind?</h2>
          {cancelError !== null && <ErrorMessage error={cancelError} />}
          <button
            type="button"
            className="secondary"
            disabled={cancel.loading}
            onClick={() => {
              setCancelError(null);
              cancelOrder({ variables: { orderId: order.id } }).catch(setCancelError);
            }}
          >
            {cancel.loading ? "Cancelling…" : "Cancel this order"}
          </button>
        </>
      )}
    </article>
  );
}
