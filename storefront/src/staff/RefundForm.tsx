// Staff (payments:refund): refund part or all of an order's payment, with a reason. Like the payment form, each
// decided attempt gets a new idempotency key and an attempt whose outcome is unknown (the connection failed) is
// retried with the same key, so a refund is never made twice.
import { useMutation } from "@apollo/client/react";
import { useRef, useState } from "react";
import { newIdempotencyKey } from "../checkout/idempotency.ts";
import { ActionOutcome } from "../components/ActionOutcome.tsx";
import { Field } from "../components/Field.tsx";
import { ErrorMessage } from "../components/Status.tsx";
import { type OrderDetailsFragment, RefundPaymentDocument } from "../gql/graphql.ts";
import { isRetryable } from "../lib/errors.ts";
import { amountText, formatPrice, parseAmount } from "../lib/money.ts";
import { useAction } from "../lib/use-action.ts";
import { useFields } from "../lib/use-fields.ts";

type Payment = NonNullable<OrderDetailsFragment["payment"]>;

export function RefundForm({ payment }: { payment: Payment }) {
  const refundable = payment.amountCents - payment.refundedCents;
  const [refundPayment] = useMutation(RefundPaymentDocument, { refetchQueries: ["StaffOrder"] });
  const { field, values } = useFields({ amount: amountText(refundable, payment.currency), reason: "" });
  const attempt = useRef<{ key: string; request: string } | null>(null);
  const action = useAction();
  const [badAmount, setBadAmount] = useState(false);

  // Refunded in full (by this form, say): only what happened is left to say.
  if (payment.status !== "SUCCEEDED" || refundable <= 0) return <ActionOutcome error={null} done={action.done} />;
  return (
    <form
      className="stacked refund-form"
      aria-labelledby="refund-heading"
      onSubmit={(event) => {
        event.preventDefault();
        const amountCents = parseAmount(values.amount, payment.currency);
        setBadAmount(amountCents === null || amountCents <= 0);
        if (amountCents === null || amountCents <= 0) return;
        void action.run(async () => {
          const input = { paymentId: payment.id, amountCents, reason: values.reason.trim() };
          const request = JSON.stringify(input);
          // A changed amount or reason is another refund: it needs its own key.
          if (attempt.current?.request !== request) attempt.current = { key: newIdempotencyKey(), request };
          try {
            await refundPayment({ variables: { input: { ...input, idempotencyKey: attempt.current.key } } });
          } catch (failure) {
            if (!isRetryable(failure)) attempt.current = null;
            throw failure;
          }
          attempt.current = null;
          return `Refunded ${formatPrice(amountCents, payment.currency)}.`;
        });
      }}
    >
      <h2 id="refund-heading">Refund</h2>
      <p>
        Up to {formatPrice(refundable, payment.currency)} can be refunded.
      </p>
      <Field label={`Amount (${payment.currency})`} inputMode="decimal" required {...field("amount")} />
      <Field label="Reason" required maxLength={500} {...field("reason")} />
      {badAmount && <ErrorMessage>Enter the amount in {payment.currency}, such as 5.00.</ErrorMessage>}
      <ActionOutcome error={action.error} done={action.done} />
      <button type="submit" disabled={action.loading}>
        {action.loading ? "Refunding…" : "Refund"}
      </button>
    </form>
  );
}
