// Checkout, step 2: pay a pending order with one of the test cards. A decline or a processor fault says so
// and lets the shopper try again; each decided attempt gets a new idempotency key, an attempt whose outcome
// is unknown (the connection failed) is retried with the same key so it can never be charged twice.
import { useMutation } from "@apollo/client/react";
import { useId, useRef, useState } from "react";
import { newIdempotencyKey } from "../checkout/idempotency.ts";
import { needsNewKey, outcomeMessages, outcomeOfError, outcomeOfPayment, type PaymentOutcome } from "../checkout/payment-outcome.ts";
import { PayOrderDocument, type OrderDetailsFragment } from "../gql/graphql.ts";
import { userMessage } from "../lib/errors.ts";
import { formatPrice } from "../lib/money.ts";

export const TEST_PAYMENT_METHODS = [
  { id: "pm_card_visa", label: "Visa ending in 4242", hint: "test card that succeeds" },
  { id: "pm_card_declined", label: "Card ending in 0002", hint: "test card that is declined" },
  { id: "pm_card_processor_error", label: "Card ending in 0119", hint: "test card whose processor fails" },
] as const;

export function PaymentForm({ order, onPaid }: { order: OrderDetailsFragment; onPaid?: () => void }) {
  const [payOrder, { loading }] = useMutation(PayOrderDocument);
  const [method, setMethod] = useState<string>(TEST_PAYMENT_METHODS[0].id);
  const [outcome, setOutcome] = useState<PaymentOutcome | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const attempt = useRef<{ key: string; method: string } | null>(null);
  const legendId = useId();

  const pay = async () => {
    if (loading) return;
    if (!attempt.current || attempt.current.method !== method) attempt.current = { key: newIdempotencyKey(), method };
    const { key } = attempt.current;
    setOutcome(null);
    setRefusal(null);
    let result: PaymentOutcome;
    try {
      const { data } = await payOrder({ variables: { input: { orderId: order.id, paymentMethod: method, idempotencyKey: key } } });
      result = data ? outcomeOfPayment(data.payOrder.status) : { kind: "unknown" };
    } catch (error) {
      result = outcomeOfError(error);
      if (result.kind === "refused") setRefusal(userMessage(error));
    }
    if (needsNewKey(result)) attempt.current = null;
    setOutcome(result);
    if (result.kind === "paid") onPaid?.();
  };

  const failed = outcome && outcome.kind !== "paid" && outcome.kind !== "processing";
  return (
    <form
      className="payment-form"
      onSubmit={(event) => {
        event.preventDefault();
        void pay();
      }}
    >
      <fieldset aria-describedby={legendId} disabled={loading}>
        <legend id={legendId}>Payment method</legend>
        {TEST_PAYMENT_METHODS.map((option) => (
          <label key={option.id} className="radio">
            <input
              type="radio"
              name="paymentMethod"
              value={option.id}
              checked={method === option.id}
              onChange={() => setMethod(option.id)}
            />{" "}
            {option.label} <span className="hint">({option.hint})</span>
          </label>
        ))}
      </fieldset>
      <div className="payment-outcome" aria-live="polite">
        {outcome?.kind === "processing" && <p role="status">{outcomeMessages.processing}</p>}
        {outcome?.kind === "paid" && (
          <p role="status" className="success">
            {outcomeMessages.paid}
          </p>
        )}
      </div>
      {failed && (
        <div className="error" role="alert">
          <p>{outcome.kind === "refused" ? (refusal ?? outcomeMessages.refused) : outcomeMessages[outcome.kind]}</p>
        </div>
      )}
      <button type="submit" disabled={loading} aria-busy={loading}>
        {loading ? "Paying…" : `${failed ? "Try again: pay" : "Pay"} ${formatPrice(order.totalCents, order.currency)}`}
      </button>
    </form>
  );
}
