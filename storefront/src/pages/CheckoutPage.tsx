// Checkout, step 1: review the cart and place the order (stock is reserved, prices fixed by the shop).
// The order is then paid on its own page, which also serves orders left unpaid.
import { useMutation } from "@apollo/client/react";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { cartFingerprint } from "../cart/cart.ts";
import { useCart } from "../cart/CartProvider.tsx";
import { checkoutAttemptKey, finishCheckoutAttempt } from "../checkout/idempotency.ts";
import { PageHeading } from "../components/Page.tsx";
import { Price } from "../components/Price.tsx";
import { ErrorMessage } from "../components/Status.tsx";
import { PlaceOrderDocument } from "../gql/graphql.ts";
import { isRetryable } from "../lib/errors.ts";
import { totalsByCurrency } from "../lib/money.ts";

export function CheckoutPage() {
  const { cart, dispatch } = useCart();
  const navigate = useNavigate();
  const [placeOrder, { loading }] = useMutation(PlaceOrderDocument);
  const [error, setError] = useState<unknown>(null);

  if (cart.lines.length === 0) {
    return (
      <section>
        <PageHeading title="Checkout" />
        <p>Your cart is empty, so there is nothing to check out.</p>
        <p>
          <Link to="/">Browse the catalog</Link> or see <Link to="/orders">your orders</Link>.
        </p>
      </section>
    );
  }

  const submit = async () => {
    if (loading) return;
    setError(null);
    // The same cart always sends the same key: a double click or a retry returns the one order.
    const idempotencyKey = checkoutAttemptKey(cartFingerprint(cart));
    try {
      const { data } = await placeOrder({
        variables: {
          input: {
            idempotencyKey,
            items: cart.lines.map((line) => ({ productId: line.productId, quantity: line.quantity })),
          },
        },
      });
      if (!data) return;
      finishCheckoutAttempt();
      dispatch({ type: "clear" });
      navigate(`/orders/${data.placeOrder.id}`, { state: { justPlaced: true } });
    } catch (failure) {
      setError(failure);
    }
  };

  const totals = totalsByCurrency(cart.lines.map((line) => ({ amountCents: line.priceCents * line.quantity, currency: line.currency })));
  return (
    <section>
      <PageHeading title="Checkout" />
      <h2>Your order</h2>
      <ul className="summary">
        {cart.lines.map((line) => (
          <li key={line.productId}>
            {line.quantity} × {line.name} — <Price cents={line.priceCents * line.quantity} currency={line.currency} />
          </li>
        ))}
      </ul>
      <p className="cart-total">
        Estimated total:{" "}
        {[...totals].map(([currency, cents]) => (
          <Price key={currency} cents={cents} currency={currency} />
        ))}
      </p>
      <p className="hint">
        Placing the order reserves the items at the shop's current prices; you pay on the next step.{" "}
        <Link to="/cart">Change the cart</Link>
      </p>
      {error !== null && (
        <ErrorMessage error={error} retry={isRetryable(error) ? () => void submit() : undefined} />
      )}
      <button type="button" onClick={() => void submit()} disabled={loading} aria-busy={loading}>
        {loading ? "Placing your order…" : "Place order"}
      </button>
    </section>
  );
}
