// The frame of every page: skip link, site navigation (with the cart's size and who is logged in), main area.
import { useQuery } from "@apollo/client/react";
import { Link, NavLink, Outlet, useNavigate } from "react-router";
import { useAuth } from "../auth/AuthProvider.tsx";
import { cartItemCount } from "../cart/cart.ts";
import { useCart } from "../cart/CartProvider.tsx";
import { MyScopesDocument } from "../gql/graphql.ts";
import { isStaff } from "../lib/staff.ts";

export function Layout() {
  const { user, signOut } = useAuth();
  const { cart } = useCart();
  const navigate = useNavigate();
  const count = cartItemCount(cart);
  const scopes = useQuery(MyScopesDocument, { skip: !user }).data?.me?.scopes;

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <Link to="/" className="brand">
          Supergraph Shop
        </Link>
        <nav aria-label="Main">
          <ul>
            <li>
              <NavLink to="/" end>
                Catalog
              </NavLink>
            </li>
            <li>
              <NavLink to="/cart">
                Cart <span className="badge" aria-hidden="true">{count}</span>
                <span className="visually-hidden">{`${count} ${count === 1 ? "item" : "items"}`}</span>
              </NavLink>
            </li>
            {user ? (
              <>
                <li>
                  <NavLink to="/orders">Orders</NavLink>
                </li>
                <li>
                  <NavLink to="/profile">Profile</NavLink>
                </li>
                {isStaff(scopes) && (
                  <li>
                    <NavLink to="/staff">Staff</NavLink>
                  </li>
                )}
                <li className="account">
                  <span>Signed in as {user.name}</span>{" "}
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => void signOut().then(() => navigate("/"))}
                  >
                    Log out
                  </button>
                </li>
              </>
            ) : (
              <>
                <li>
                  <NavLink to="/login">Log in</NavLink>
                </li>
                <li>
                  <NavLink to="/signup">Sign up</NavLink>
                </li>
              </>
            )}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="site-footer">
        <p>A demo shop on a federated GraphQL supergraph. Test cards only; nothing is really charged.</p>
      </footer>
    </>
  );
}
