// Entry point: Apollo Client, session, cart and router around the app.
import { ApolloProvider } from "@apollo/client/react";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import { App } from "./App.tsx";
import { createApolloClient } from "./apollo/client.ts";
import { AuthProvider } from "./auth/AuthProvider.tsx";
import { TOKEN_REJECTED_EVENT } from "./auth/token.ts";
import { CartProvider } from "./cart/CartProvider.tsx";
import "./styles.css";

const client = createApolloClient({
  // Production builds send only operation ids from persisted-query-manifest.json (trusted documents).
  persistedQueries: import.meta.env.PROD && import.meta.env.VITE_PERSISTED_QUERIES !== "false",
  // AuthProvider renews the token from the session cookie, or shows the shopper logged out.
  onTokenRejected: () => window.dispatchEvent(new Event(TOKEN_REJECTED_EVENT)),
});

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <ApolloProvider client={client}>
      <BrowserRouter>
        <AuthProvider>
          <CartProvider>
            <App />
          </CartProvider>
        </AuthProvider>
      </BrowserRouter>
    </ApolloProvider>
  </StrictMode>,
);
