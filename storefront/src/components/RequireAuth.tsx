// Pages for logged-in shoppers: others are sent to the log-in page, which brings them back afterwards.
import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { useAuth } from "../auth/AuthProvider.tsx";
import { errorCode } from "../lib/errors.ts";
import { ErrorMessage, Loading } from "./Status.tsx";

export function RequireAuth({ children }: { children: ReactNode }) {
  const { user, checking, error } = useAuth();
  const location = useLocation();
  if (checking) return <Loading label="Checking your session…" />;
  // The session could not be checked (not refused): say so rather than ask for a log-in that may be valid.
  if (!user && error && errorCode(error) !== "UNAUTHENTICATED") return <ErrorMessage error={error} retry={() => window.location.reload()} />;
  if (!user) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <>{children}</>;
}
