// Shown for an unknown address, product or order.
import { Link } from "react-router";
import { PageHeading } from "../components/Page.tsx";

export function NotFoundPage({ what = "page" }: { what?: string }) {
  return (
    <section className="not-found">
      <PageHeading title={`${what[0]!.toUpperCase()}${what.slice(1)} not found`} />
      <p>We could not find the {what} you were looking for. It may have been removed, or the address may be mistyped.</p>
      <p>
        <Link to="/">Go to the catalog</Link>
      </p>
    </section>
  );
}
