// The cart: a pure reducer over lines (product, quantity, and what the shopper saw when adding it) and its
// localStorage form. The server sets the real prices when the order is placed; these are for display.
export const MAX_QUANTITY = 99;

export interface CartLine {
  productId: string;
  name: string;
  priceCents: number;
  currency: string;
  quantity: number;
}

export interface Cart {
  lines: CartLine[];
}

export type CartAction =
  | { type: "add"; product: Omit<CartLine, "quantity">; quantity: number }
  | { type: "setQuantity"; productId: string; quantity: number }
  | { type: "remove"; productId: string }
  | { type: "clear" }
  | { type: "replace"; cart: Cart };

export const emptyCart: Cart = { lines: [] };

function clampQuantity(quantity: number): number {
  if (!Number.isFinite(quantity)) return 1;
  return Math.min(MAX_QUANTITY, Math.max(1, Math.trunc(quantity)));
}

export function cartReducer(cart: Cart, action: CartAction): Cart {
  switch (action.type) {
    case "add": {
      const existing = cart.lines.find((line) => line.productId === action.product.productId);
      if (existing) {
        return {
          lines: cart.lines.map((line) =>
            line === existing
              ? { ...line, ...action.product, quantity: clampQuantity(line.quantity + action.quantity) }
              : line,
          ),
        };
      }
      return { lines: [...cart.lines, { ...action.product, quantity: clampQuantity(action.quantity) }] };
    }
    case "setQuantity":
      if (action.quantity <= 0) return cartReducer(cart, { type: "remove", productId: action.productId });
      return {
        lines: cart.lines.map((line) =>
          line.productId === action.productId ? { ...line, quantity: clampQuantity(action.quantity) } : line,
        ),
      };
    case "remove":
      return { lines: cart.lines.filter((line) => line.productId !== action.productId) };
    case "clear":
      return emptyCart;
    case "replace":
      return action.cart;
  }
}

export function cartItemCount(cart: Cart): number {
  return cart.lines.reduce((sum, line) => sum + line.quantity, 0);
}

/** A stable description of what would be ordered: the same cart always gives the same string. */
export function cartFingerprint(cart: Cart): string {
  return cart.lines
    .map((line) => `${line.productId}x${line.quantity}`)
    .sort()
    .join(",");
}

export const CART_STORAGE_KEY = "shop.cart.v1";

function isCartLine(value: unknown): value is CartLine {
  if (typeof value !== "object" || value === null) return false;
  const line = value as Record<string, unknown>;
  return (
    typeof line.productId === "string" &&
    line.productId.length > 0 &&
    typeof line.name === "string" &&
    Number.isSafeInteger(line.priceCents) &&
    (line.priceCents as number) >= 0 &&
    typeof line.currency === "string" &&
    /^[A-Z]{3}$/.test(line.currency) &&
    Number.isSafeInteger(line.quantity) &&
    (line.quantity as number) >= 1
  );
}

/** Reads a stored cart, keeping every valid line and dropping anything else (old formats, hand edits). */
export function parseStoredCart(raw: string | null): Cart {
  if (!raw) return emptyCart;
  try {
    const parsed: unknown = JSON.parse(raw);
    const lines = (parsed as { lines?: unknown }).lines;
    if (!Array.isArray(lines)) return emptyCart;
    const seen = new Set<string>();
    const valid: CartLine[] = [];
    for (const line of lines) {
      if (!isCartLine(line) || seen.has(line.productId)) continue;
      seen.add(line.productId);
      valid.push({ ...line, quantity: clampQuantity(line.quantity) });
    }
    return { lines: valid };
  } catch {
    return emptyCart;
  }
}

export function serializeCart(cart: Cart): string {
  return JSON.stringify({ lines: cart.lines });
}
