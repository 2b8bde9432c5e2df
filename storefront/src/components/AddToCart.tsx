// "Add to cart" with a quantity, announcing what was added.
import { useId, useState } from "react";
import { MAX_QUANTITY } from "../cart/cart.ts";
import { useCart } from "../cart/CartProvider.tsx";
import type { ProductSummaryFragment } from "../gql/graphql.ts";

export function AddToCart({ product, showQuantity = false }: { product: ProductSummaryFragment; showQuantity?: boolean }) {
  const { dispatch } = useCart();
  const [quantity, setQuantity] = useState(1);
  const [added, setAdded] = useState<string | null>(null);
  const inputId = useId();
  const max = Math.max(1, Math.min(MAX_QUANTITY, product.stock));

  if (!product.inStock) return <p className="out-of-stock">Out of stock</p>;

  return (
    <form
      className="add-to-cart"
      onSubmit={(event) => {
        event.preventDefault();
        dispatch({
          type: "add",
          product: { productId: product.id, name: product.name, priceCents: product.priceCents, currency: product.currency },
          quantity,
        });
        setAdded(`Added ${quantity} × ${product.name} to your cart.`);
      }}
    >
      {showQuantity && (
        <>
          <label htmlFor={inputId}>Quantity</label>
          <input
            id={inputId}
            type="number"
            inputMode="numeric"
            min={1}
            max={max}
            value={quantity}
            onChange={(event) => setQuantity(Math.min(max, Math.max(1, Number(event.target.value) || 1)))}
          />
        </>
      )}
      <button type="submit" aria-label={showQuantity ? undefined : `Add ${product.name} to cart`}>
        Add to cart
      </button>
      <span className="added" role="status" aria-live="polite">
        {added}
      </span>
    </form>
  );
}
