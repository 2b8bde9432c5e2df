// What a page shows when the thing it is about did not come back: "not found" for an unknown or malformed id (or
// no error at all), otherwise the error with a retry.
import { errorCode } from "../lib/errors.ts";
import { NotFoundPage } from "../pages/NotFoundPage.tsx";
import { ErrorMessage } from "./Status.tsx";

export function Missing({ what, error, retry }: { what: string; error: unknown; retry: () => Promise<unknown> }) {
  const code = errorCode(error);
  if (!error || code === "NOT_FOUND" || code === "BAD_USER_INPUT") return <NotFoundPage what={what} />;
  return <ErrorMessage error={error} retry={() => void retry().catch(() => undefined)} />;
}
