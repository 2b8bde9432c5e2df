// Create an account; it is logged in at once.
import { useMutation } from "@apollo/client/react";
import { useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { useAuth } from "../auth/AuthProvider.tsx";
import { PageHeading } from "../components/Page.tsx";
import { ErrorMessage } from "../components/Status.tsx";
import { SignUpDocument } from "../gql/graphql.ts";
import { safeNext } from "./auth-redirect.ts";

export function SignUpPage() {
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const navigate = useNavigate();
  const { signIn } = useAuth();
  const [signUp, { loading }] = useMutation(SignUpDocument);
  const [error, setError] = useState<unknown>(null);
  const [form, setForm] = useState({ name: "", email: "", password: "" });
  const field = (name: keyof typeof form) => ({
    value: form[name],
    onChange: (event: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [name]: event.target.value }),
  });

  return (
    <section className="narrow">
      <PageHeading title="Create an account" />
      <form
        className="stacked"
        onSubmit={async (event) => {
          event.preventDefault();
          setError(null);
          try {
            const { data } = await signUp({
              variables: { input: { name: form.name.trim(), email: form.email.trim(), password: form.password } },
            });
            if (!data) return;
            await signIn(data.signUp.token, data.signUp.user);
            navigate(next, { replace: true });
          } catch (failure) {
            setError(failure);
          }
        }}
      >
        <label htmlFor="signup-name">Name</label>
        <input id="signup-name" autoComplete="name" required maxLength={100} {...field("name")} />
        <label htmlFor="signup-email">Email</label>
        <input id="signup-email" type="email" autoComplete="email" required {...field("email")} />
        <label htmlFor="signup-password">Password</label>
        <input
          id="signup-password"
          type="password"
          autoComplete="new-password"
          required
          minLength={10}
          maxLength={200}
          aria-describedby="signup-password-hint"
          {...field("password")}
        />
        <p id="signup-password-hint" className="hint">
          At least 10 characters, not a common password.
        </p>
        {error !== null && (
          <ErrorMessage error={error} overrides={{ CONFLICT: "An account with that email already exists. Log in instead?" }} />
        )}
        <button type="submit" disabled={loading}>
          {loading ? "Creating your account…" : "Create account"}
        </button>
      </form>
      <p>
        Already have an account? <Link to={`/login?next=${encodeURIComponent(next)}`}>Log in</Link>.
      </p>
    </section>
  );
}
