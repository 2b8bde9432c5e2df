// Loading and error states every page uses: a polite status while waiting, an alert when something failed.
import type { ReactNode } from "react";
import { userMessage } from "../lib/errors.ts";

export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <p className="status" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {label}
    </p>
  );
}

/** An error for the shopper, announced by screen readers; `retry` offers to run the failed request again. */
export function ErrorMessage({
  error,
  overrides,
  retry,
  children,
}: {
  error?: unknown;
  overrides?: Record<string, string>;
  retry?: () => void;
  children?: ReactNode;
}) {
  return (
    <div className="error" role="alert">
      <p>{children ?? userMessage(error, overrides)}</p>
      {retry && (
        <button type="button" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}
