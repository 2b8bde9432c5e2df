// The catalogue: search (kept in the URL as ?q=), a page of products, and "Load more" for the next page.
import { NetworkStatus } from "@apollo/client";
import { useQuery } from "@apollo/client/react";
import { useId, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { AddToCart } from "../components/AddToCart.tsx";
import { LoadMore } from "../components/LoadMore.tsx";
import { PageHeading } from "../components/Page.tsx";
import { ProductImage } from "../components/ProductImage.tsx";
import { Price } from "../components/Price.tsx";
import { ErrorMessage, Loading } from "../components/Status.tsx";
import { CatalogDocument } from "../gql/graphql.ts";

export const PAGE_SIZE = 12;

export function CatalogPage() {
  const [params, setParams] = useSearchParams();
  const search = params.get("q")?.trim() ?? "";
  const [draft, setDraft] = useState(search);
  const searchId = useId();
  const { data, error, networkStatus, fetchMore, refetch } = useQuery(CatalogDocument, {
    variables: { search, first: PAGE_SIZE },
    notifyOnNetworkStatusChange: true,
  });
  const products = data?.products;
  const loadingMore = networkStatus === NetworkStatus.fetchMore;

  return (
    <section aria-labelledby="catalog-heading">
      <PageHeading title={search ? `Search: ${search}` : "Catalog"}>
        <span id="catalog-heading">{search ? `Results for “${search}”` : "Catalog"}</span>
      </PageHeading>
      {/* biome-ignore lint/a11y/useSemanticElements: <search> is not yet announced as a landmark by every screen reader; role="search" on the form is. */}
      <form
        role="search"
        className="search"
        onSubmit={(event) => {
          event.preventDefault();
          const q = draft.trim();
          setParams(q ? { q } : {});
        }}
      >
        <label htmlFor={searchId}>Search products</label>
        <input
          id={searchId}
          type="search"
          name="q"
          maxLength={100}
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          placeholder="mug, keyboard, Turing…"
        />
        <button type="submit">Search</button>
        {search && (
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setDraft("");
              setParams({});
            }}
          >
            Clear
          </button>
        )}
      </form>

      {error && !products && <ErrorMessage error={error} retry={() => void refetch().catch(() => undefined)} />}
      {!products && !error && <Loading label="Loading products…" />}
      {products && (
        <>
          <p className="result-count" role="status" aria-live="polite">
            {products.totalCount === 0
              ? "No products match your search."
              : `Showing ${products.edges.length} of ${products.totalCount} ${products.totalCount === 1 ? "product" : "products"}.`}
          </p>
          <ul className="product-grid">
            {products.edges.map(({ node }) => (
              <li key={node.id} className="product-card">
                <ProductImage url={node.imageUrl} />
                <h2>
                  <Link to={`/products/${node.id}`}>{node.name}</Link>
                </h2>
                <p className="card-price">
                  <Price cents={node.priceCents} currency={node.currency} />
                </p>
                {node.inStock && <p className="stock">{node.stock} in stock</p>}
                <AddToCart product={node} />
              </li>
            ))}
          </ul>
          <LoadMore pageInfo={products.pageInfo} loading={loadingMore} fetchMore={fetchMore} />
        </>
      )}
    </section>
  );
}
