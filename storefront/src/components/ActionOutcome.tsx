// What a form's request ended with: the error as an alert, or the success sentence as a polite status.
import { ErrorMessage } from "./Status.tsx";

export function ActionOutcome({ error, done, overrides }: { error: unknown; done: string | null; overrides?: Record<string, string> }) {
  return (
    <div aria-live="polite">
      {error !== null && <ErrorMessage error={error} overrides={overrides} />}
      {done && (
        <p role="status" className="success">
          {done}
        </p>
      )}
    </div>
  );
}
