// Checkout, step 1: review the cart, choose where it ships (a saved address or a new one), and place the order
// (stock is reserved, prices fixed by the shop).
// The order is then paid on its own page, which also serves orders left unpaid.
import { useMutation, useQuery } from "@apollo/client/react";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { cartFingerprint } from "../cart/cart.ts";
import { useCart } from "../cart/CartProvider.tsx";
import { checkoutAttemptKey, finishCheckoutAttempt } from "../checkout/idempotency.ts";
import { type AddressDraft, EMPTY_ADDRESS } from "../components/Address.tsx";
import { PageHeading } from "../components/Page.tsx";
import { Price } from "../components/Price.tsx";
import { chosenAddress, ShippingAddressChoice } from "../components/ShippingAddressChoice.tsx";
import { ErrorMessage, Loading } from "../components/Status.tsx";
import { PlaceOrderDocument, ProfileDocument } from "../gql/graphql.ts";
import { isRetryable } from "../lib/errors.ts";
import { totalsByCurrency } from "../lib/money.ts";
import { useFields } from "../lib/use-fields.ts";

export function CheckoutPage() {
  const { cart, dispatch } = useCart();
  const navigate = useNavigate();
  const [placeOrder, { loading }] = useMutation(PlaceOrderDocument);
  const [error, setError] = useState<unknown>(null);
  const [addressChoice, setAddressChoice] = useState<string | null>(null);
  const draft = useFields<AddressDraft>(EMPTY_ADDRESS);
  const profile = useQuery(ProfileDocument, { fetchPolicy: "cache-and-network" });
  const saved = profile.data?.me?.addresses;

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
    const shippingAddress = chosenAddress(addressChoice, saved, draft.values);
    if (loading || !shippingAddress) return;
    setError(null);
    // The same cart to the same address always sends the same key: a double click or a retry returns the one order.
    const idempotencyKey = checkoutAttemptKey(`${cartFingerprint(cart)}|${JSON.stringify(shippingAddress)}`);
    try {
      const { data } = await placeOrder({
        variables: {
          input: {
            idempotencyKey,
            shippingAddress,
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
      <form
        className="stacked"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <h2>Delivery</h2>
        {saved ? (
          <ShippingAddressChoice saved={saved} choice={addressChoice} onChoose={setAddressChoice} field={draft.field} />
        ) : profile.error ? (
          <ErrorMessage error={profile.error} retry={() => void profile.refetch().catch(() => undefined)} />
        ) : (
          <Loading label="Loading your addresses…" />
        )}
        {error !== null && (
          <ErrorMessage error={error} retry={isRetryable(error) ? () => void submit() : undefined} />
        )}
        <button type="submit" disabled={loading} aria-busy={loading}>
          {loading ? "Placing your order…" : "Place order"}
        </button>
      </form>
    </section>
  );
}
