// The cart reducer and its localStorage form.
import { describe, expect, it } from "vitest";
import {
  cartFingerprint,
  cartItemCount,
  cartReducer,
  emptyCart,
  MAX_QUANTITY,
  parseStoredCart,
  serializeCart,
  type Cart,
} from "../src/cart/cart.ts";

const mug = { productId: "p-mug", name: "Analytical Engine Mug", priceCents: 1450, currency: "USD" };
const notebook = { productId: "p-notebook", name: "Punch Card Notebook", priceCents: 1200, currency: "USD" };

describe("cartReducer", () => {
  it("adds a product, and adding it again raises the quantity of the same line", () => {
    let cart = cartReducer(emptyCart, { type: "add", product: mug, quantity: 1 });
    cart = cartReducer(cart, { type: "add", product: notebook, quantity: 2 });
    cart = cartReducer(cart, { type: "add", product: mug, quantity: 3 });
    expect(cart.lines).toEqual([
      { ...mug, quantity: 4 },
      { ...notebook, quantity: 2 },
    ]);
    expect(cartItemCount(cart)).toBe(6);
  });

  it("refreshes the displayed name and price when a product is added again", () => {
    let cart = cartReducer(emptyCart, { type: "add", product: mug, quantity: 1 });
    cart = cartReducer(cart, { type: "add", product: { ...mug, priceCents: 1500 }, quantity: 1 });
    expect(cart.lines).toEqual([{ ...mug, priceCents: 1500, quantity: 2 }]);
  });

  it("keeps quantities between 1 and the maximum, as whole numbers", () => {
    let cart = cartReducer(emptyCart, { type: "add", product: mug, quantity: 1000 });
    expect(cart.lines[0]!.quantity).toBe(MAX_QUANTITY);
    cart = cartReducer(cart, { type: "setQuantity", productId: mug.productId, quantity: 2.7 });
    expect(cart.lines[0]!.quantity).toBe(2);
    cart = cartReducer(cart, { type: "setQuantity", productId: mug.productId, quantity: Number.NaN });
    expect(cart.lines[0]!.quantity).toBe(1);
  });

  it("removes a line when its quantity is set to zero, on remove, and empties on clear", () => {
    let cart = cartReducer(emptyCart, { type: "add", product: mug, quantity: 1 });
    cart = cartReducer(cart, { type: "add", product: notebook, quantity: 1 });
    expect(cartReducer(cart, { type: "setQuantity", productId: mug.productId, quantity: 0 }).lines).toEqual([
      { ...notebook, quantity: 1 },
    ]);
    expect(cartReducer(cart, { type: "remove", productId: notebook.productId }).lines).toEqual([{ ...mug, quantity: 1 }]);
    expect(cartReducer(cart, { type: "clear" })).toEqual(emptyCart);
  });

  it("does not change the cart it is given", () => {
    const cart: Cart = { lines: [{ ...mug, quantity: 1 }] };
    const frozen = structuredClone(cart);
    cartReducer(cart, { type: "add", product: mug, quantity: 1 });
    cartReducer(cart, { type: "remove", productId: mug.productId });
    expect(cart).toEqual(frozen);
  });
});

describe("cartFingerprint", () => {
  it("is the same for the same contents in any order and changes with any quantity", () => {
    const a: Cart = { lines: [{ ...mug, quantity: 1 }, { ...notebook, quantity: 2 }] };
    const b: Cart = { lines: [{ ...notebook, quantity: 2 }, { ...mug, quantity: 1, priceCents: 9999 }] };
    expect(cartFingerprint(a)).toBe(cartFingerprint(b));
    expect(cartFingerprint(a)).not.toBe(cartFingerprint({ lines: [{ ...mug, quantity: 2 }, { ...notebook, quantity: 2 }] }));
  });
});

describe("stored cart", () => {
  it("round-trips through its serialized form", () => {
    const cart: Cart = { lines: [{ ...mug, quantity: 3 }, { ...notebook, quantity: 1 }] };
    expect(parseStoredCart(serializeCart(cart))).toEqual(cart);
  });

  it("reads nothing, corrupt JSON and other shapes as an empty cart", () => {
    expect(parseStoredCart(null)).toEqual(emptyCart);
    expect(parseStoredCart("{not json")).toEqual(emptyCart);
    expect(parseStoredCart("[]")).toEqual(emptyCart);
    expect(parseStoredCart('{"lines": "many"}')).toEqual(emptyCart);
  });

  it("keeps the valid lines and drops invalid or duplicate ones", () => {
    const raw = JSON.stringify({
      lines: [
        { ...mug, quantity: 2 },
        { ...mug, quantity: 5 },
        { ...notebook, quantity: 0 },
        { ...notebook, quantity: 1, priceCents: -5 },
        { ...notebook, quantity: 1, currency: "dollars" },
        { productId: "", name: "x", priceCents: 1, currency: "USD", quantity: 1 },
        { ...notebook, quantity: 500 },
      ],
    });
    expect(parseStoredCart(raw).lines).toEqual([
      { ...mug, quantity: 2 },
      { ...notebook, quantity: MAX_QUANTITY },
    ]);
  });
});
