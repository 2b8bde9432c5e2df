// Staff moving an order forward: ship a PAID order (carrier and tracking number, one click) or mark a SHIPPED one
// delivered. The staff lists and counts are fetched again afterwards.
import { useMutation } from "@apollo/client/react";
import { ActionOutcome } from "../components/ActionOutcome.tsx";
import { Field } from "../components/Field.tsx";
import { MarkOrderDeliveredDocument, type OrderDetailsFragment, ShipOrderDocument } from "../gql/graphql.ts";
import { useAction } from "../lib/use-action.ts";
import { useFields } from "../lib/use-fields.ts";

const REFETCH = ["StaffOrders", "StaffOverview"];

export function FulfilmentActions({ order }: { order: OrderDetailsFragment }) {
  const [shipOrder] = useMutation(ShipOrderDocument, { refetchQueries: REFETCH });
  const [markDelivered] = useMutation(MarkOrderDeliveredDocument, { refetchQueries: REFETCH });
  const { field, values } = useFields({ carrier: "", trackingNumber: "" });
  const action = useAction();

  if (order.status === "PAID") {
    return (
      <form
        className="ship-form"
        aria-label={`Ship order ${order.id.slice(0, 8)}`}
        onSubmit={(event) => {
          event.preventDefault();
          void action.run(async () => {
            const input = { orderId: order.id, carrier: values.carrier.trim(), trackingNumber: values.trackingNumber.trim() };
            await shipOrder({ variables: { input } });
            return `Shipped with ${input.carrier}, tracking number ${input.trackingNumber}.`;
          });
        }}
      >
        <Field label="Carrier" required maxLength={100} {...field("carrier")} />
        <Field label="Tracking number" required maxLength={100} {...field("trackingNumber")} />
        <button type="submit" disabled={action.loading}>
          {action.loading ? "Shipping…" : "Ship"}
        </button>
        <ActionOutcome error={action.error} done={action.done} />
      </form>
    );
  }
  if (order.status === "SHIPPED") {
    return (
      <div className="ship-form">
        <button
          type="button"
          disabled={action.loading}
          onClick={() =>
            void action.run(async () => {
              await markDelivered({ variables: { orderId: order.id } });
              return "Marked delivered.";
            })
          }
        >
          {action.loading ? "Saving…" : "Mark delivered"}
        </button>
        <ActionOutcome error={action.error} done={action.done} />
      </div>
    );
  }
  return <ActionOutcome error={action.error} done={action.done} />;
}
