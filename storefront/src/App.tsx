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
import { ProfilePage } from "./pages/ProfilePage.tsx";
import { SignUpPage } from "./pages/SignUpPage.tsx";
import { NewProductPage } from "./staff/NewProductPage.tsx";
import { StaffLayout } from "./staff/StaffLayout.tsx";
import { StaffOrderPage } from "./staff/StaffOrderPage.tsx";
import { StaffOrdersPage } from "./staff/StaffOrdersPage.tsx";
import { StaffProductPage } from "./staff/StaffProductPage.tsx";
import { StaffProductsPage } from "./staff/StaffProductsPage.tsx";

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
        <Route path="profile" element={<RequireAuth><ProfilePage /></RequireAuth>} />
        {/* The staff area: the graph answers FORBIDDEN to anyone without the scopes; StaffLayout says so. */}
        <Route path="staff" element={<RequireAuth><StaffLayout /></RequireAuth>}>
          <Route index element={<StaffOrdersPage />} />
          <Route path="orders/:id" element={<StaffOrderPage />} />
          <Route path="products" element={<StaffProductsPage />} />
          <Route path="products/new" element={<NewProductPage />} />
          <Route path="products/:id" element={<StaffProductPage />} />
        </Route>
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
