// "Load more" under a cursor-paginated list: fetches the page after `endCursor` (the cache appends it), says
// when that failed and offers to try again.
import { useState } from "react";
import { ErrorMessage } from "./Status.tsx";

export function LoadMore({
  pageInfo,
  loading,
  fetchMore,
}: {
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  loading: boolean;
  fetchMore: (options: { variables: { after: string | null | undefined } }) => Promise<unknown>;
}) {
  const [error, setError] = useState<unknown>(null);
  const loadMore = () => {
    setError(null);
    fetchMore({ variables: { after: pageInfo.endCursor } }).catch(setError);
  };
  return (
    <>
      {error !== null && <ErrorMessage error={error} retry={loadMore} />}
      {pageInfo.hasNextPage && (
        <p className="load-more">
          <button type="button" onClick={loadMore} disabled={loading} aria-busy={loading}>
            {loading ? "Loading more…" : "Load more"}
          </button>
        </p>
      )}
    </>
  );
}
