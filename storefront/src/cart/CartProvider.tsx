// Keeps the cart in React state and in localStorage, and follows changes made in other tabs.
import { createContext, useContext, useEffect, useMemo, useReducer, type ReactNode } from "react";
import { CART_STORAGE_KEY, cartReducer, emptyCart, parseStoredCart, serializeCart, type Cart, type CartAction } from "./cart.ts";

interface CartContextValue {
  cart: Cart;
  dispatch: (action: CartAction) => void;
}

const CartContext = createContext<CartContextValue | null>(null);

function readStorage(): Cart {
  try {
    return parseStoredCart(window.localStorage.getItem(CART_STORAGE_KEY));
  } catch {
    return emptyCart; // storage disabled (private mode, policy): the cart lives for this page only
  }
}

export function CartProvider({ children }: { children: ReactNode }) {
  const [cart, dispatch] = useReducer(cartReducer, undefined, readStorage);

  useEffect(() => {
    try {
      const serialized = serializeCart(cart);
      if (window.localStorage.getItem(CART_STORAGE_KEY) !== serialized) {
        window.localStorage.setItem(CART_STORAGE_KEY, serialized);
      }
    } catch {
      /* storage full or disabled: keep the in-memory cart */
    }
  }, [cart]);

  useEffect(() => {
    const onStorage = (event: StorageEvent) => {
      if (event.key === CART_STORAGE_KEY) dispatch({ type: "replace", cart: parseStoredCart(event.newValue) });
    };
    window.addEventListener("storage", onStorage);
    return () => window.removeEventListener("storage", onStorage);
  }, []);

  const value = useMemo(() => ({ cart, dispatch }), [cart]);
  return <CartContext.Provider value={value}>{children}</CartContext.Provider>;
}

export function useCart(): CartContextValue {
  const value = useContext(CartContext);
  if (!value) throw new Error("useCart must be used inside <CartProvider>");
  return value;
}
