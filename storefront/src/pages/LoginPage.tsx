// Log in with email and password; the access token stays in memory (the router sets the session cookie) and the
// shopper returns where they were.
import { useMutation } from "@apollo/client/react";
import { useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { useAuth } from "../auth/AuthProvider.tsx";
import { PageHeading } from "../components/Page.tsx";
import { ErrorMessage } from "../components/Status.tsx";
import { LoginDocument } from "../gql/graphql.ts";
import { safeNext } from "./auth-redirect.ts";

export function LoginPage() {
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const navigate = useNavigate();
  const { signIn } = useAuth();
  const [login, { loading }] = useMutation(LoginDocument);
  const [error, setError] = useState<unknown>(null);
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");

  return (
    <section className="narrow">
      <PageHeading title="Log in" />
      <form
        className="stacked"
        onSubmit={async (event) => {
          event.preventDefault();
          setError(null);
          try {
            const { data } = await login({ variables: { email: email.trim(), password } });
            if (!data) return;
            await signIn(data.login.token, data.login.user);
            navigate(next, { replace: true });
          } catch (failure) {
            setError(failure);
          }
        }}
      >
        <label htmlFor="login-email">Email</label>
        <input
          id="login-email"
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
        <label htmlFor="login-password">Password</label>
        <input
          id="login-password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        {error !== null && (
          <ErrorMessage error={error} overrides={{ UNAUTHENTICATED: "That email and password do not match an account." }} />
        )}
        <button type="submit" disabled={loading}>
          {loading ? "Logging in…" : "Log in"}
        </button>
      </form>
      <p>
        New here? <Link to={`/signup?next=${encodeURIComponent(next)}`}>Create an account</Link>. Demo account:
        ada@example.com / storefront-demo.
      </p>
    </section>
  );
}
