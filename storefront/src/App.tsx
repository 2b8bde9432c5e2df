// The storefront's routes.
import { Route, Routes } from "react-router";
import { Layout } from "./components/Layout.tsx";
import { RequireAuth } from "./components/RequireAuth.tsx";
import { CartPage } from "./pages/CartPage.tsx";
import { CatalogPage } from "./pages/CatalogPage.tsx";
import { CheckoutPage } from "./pages/CheckoutPage.tsx";
import { LoginPage } from "./pages/LoginPage.tsx";
import { NotFoundPage } from "./pages/NotFoundPage.tsx";
import { OrderPage } from "./pages/OrderPage.tsx";
import { OrdersPage } from "./pages/OrdersPage.tsx";
import { ProductPage } from "./pages/ProductPage.tsx";
import { SignUpPage } from "./pages/SignUpPage.tsx";

export function App() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<CatalogPage />} />
        <Route path="products/:id" element={<ProductPage />} />
        <Route path="cart" element={<CartPage />} />
        <Route path="login" element={<LoginPage />} />
        <Route path="signup" element={<SignUpPage />} />
        <Route path="checkout" element={<RequireAuth><CheckoutPage /></RequireAuth>} />
        <Route path="orders" element={<RequireAuth><OrdersPage /></RequireAuth>} />
        <Route path="orders/:id" element={<RequireAuth><OrderPage /></RequireAuth>} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
