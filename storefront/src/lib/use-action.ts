// One button's or form's request: in flight, its error (for <ErrorMessage>), and a success sentence to announce.
import { useCallback, useRef, useState } from "react";

export function useAction() {
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const busy = useRef(false);

  /** Runs `work` unless a request is already in flight; `work` answers the sentence to announce on success. */
  const run = useCallback(async (work: () => Promise<string | null>) => {
    if (busy.current) return;
    busy.current = true;
    setLoading(true);
    setError(null);
    setDone(null);
    try {
      setDone((await work()) ?? null);
    } catch (failure) {
      setError(failure);
    } finally {
      busy.current = false;
      setLoading(false);
    }
  }, []);

  return { run, loading, error, done };
}
