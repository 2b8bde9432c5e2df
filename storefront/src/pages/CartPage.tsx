// The cart: change quantities, remove lines, see the estimated total, go to checkout.
import { Link } from "react-router";
import { MAX_QUANTITY } from "../cart/cart.ts";
import { useCart } from "../cart/CartProvider.tsx";
import { PageHeading } from "../components/Page.tsx";
import { Price } from "../components/Price.tsx";
import { totalsByCurrency } from "../lib/money.ts";

export function CartPage() {
  const { cart, dispatch } = useCart();

  if (cart.lines.length === 0) {
    return (
      <section>
        <PageHeading title="Your cart" />
        <p>Your cart is empty.</p>
        <p>
          <Link to="/">Browse the catalog</Link>
        </p>
      </section>
    );
  }

  const totals = totalsByCurrency(cart.lines.map((line) => ({ amountCents: line.priceCents * line.quantity, currency: line.currency })));
  return (
    <section>
      <PageHeading title="Your cart" />
      <table className="cart-table">
        <caption className="visually-hidden">Items in your cart</caption>
        <thead>
          <tr>
            <th scope="col">Product</th>
            <th scope="col">Price</th>
            <th scope="col">Quantity</th>
            <th scope="col">Subtotal</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {cart.lines.map((line) => (
            <tr key={line.productId}>
              <th scope="row">
                <Link to={`/products/${line.productId}`}>{line.name}</Link>
              </th>
              <td>
                <Price cents={line.priceCents} currency={line.currency} />
              </td>
              <td>
                <label className="visually-hidden" htmlFor={`qty-${line.productId}`}>
                  Quantity of {line.name}
                </label>
                <input
                  id={`qty-${line.productId}`}
                  type="number"
                  inputMode="numeric"
                  min={1}
                  max={MAX_QUANTITY}
                  value={line.quantity}
                  onChange={(event) => {
                    const quantity = Number(event.target.value);
                    if (Number.isFinite(quantity) && quantity >= 1) dispatch({ type: "setQuantity", productId: line.productId, quantity });
                  }}
                />
              </td>
              <td>
                <Price cents={line.priceCents * line.quantity} currency={line.currency} />
              </td>
              <td>
                <button type="button" className="secondary" onClick={() => dispatch({ type: "remove", productId: line.productId })}>
                  Remove<span className="visually-hidden"> {line.name}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="cart-total">
        Estimated total:{" "}
        {[...totals].map(([currency, cents], index) => (
          <span key={currency}>
            {index > 0 && " + "}
            <Price cents={cents} currency={currency} />
          </span>
        ))}
      </p>
      <p className="hint">Prices are confirmed when you place the order.</p>
      <p className="actions">
        <Link className="button" to="/checkout">
          Proceed to checkout
        </Link>
        <button type="button" className="secondary" onClick={() => dispatch({ type: "clear" })}>
          Empty cart
        </button>
      </p>
    </section>
  );
}
