// Staff: the catalogue with search and "Load more", each product linking to its edit page; a new product.
// Archived products have left the catalogue (the API lists only what is on sale) and still open by their address.
import { NetworkStatus } from "@apollo/client";
import { useQuery } from "@apollo/client/react";
import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { Field } from "../components/Field.tsx";
import { LoadMore } from "../components/LoadMore.tsx";
import { PageHeading } from "../components/Page.tsx";
import { Price } from "../components/Price.tsx";
import { ProductImage } from "../components/ProductImage.tsx";
import { ErrorMessage, Loading } from "../components/Status.tsx";
import { StaffProductsDocument } from "../gql/graphql.ts";

const PAGE_SIZE = 25;

export function StaffProductsPage() {
  const [params, setParams] = useSearchParams();
  const search = params.get("q")?.trim() ?? "";
  const [draft, setDraft] = useState(search);
  const { data, error, networkStatus, fetchMore, refetch } = useQuery(StaffProductsDocument, {
    variables: { search, first: PAGE_SIZE },
    fetchPolicy: "cache-and-network",
    notifyOnNetworkStatusChange: true,
  });
  const products = data?.products;

  return (
    <section>
      <PageHeading title="Products" />
      <p>
        <Link className="button" to="/staff/products/new">
          New product
        </Link>
      </p>
      {/* biome-ignore lint/a11y/useSemanticElements: as on the catalogue, role="search" on the form is the landmark screen readers announce. */}
      <form
        role="search"
        className="search"
        onSubmit={(event) => {
          event.preventDefault();
          setParams(draft.trim() ? { q: draft.trim() } : {});
        }}
      >
        <Field label="Find products" type="search" maxLength={100} value={draft} onChange={(event) => setDraft(event.target.value)} />
        <button type="submit">Find</button>
      </form>
      {error && !products && <ErrorMessage error={error} retry={() => void refetch().catch(() => undefined)} />}
      {!products && !error && <Loading label="Loading products…" />}
      {products && (
        <table className="staff-products">
          <caption>{`${products.totalCount} ${products.totalCount === 1 ? "product" : "products"} on sale`}</caption>
          <thead>
            <tr>
              <th scope="col">
                <span className="visually-hidden">Picture</span>
              </th>
              <th scope="col">Product</th>
              <th scope="col">SKU</th>
              <th scope="col">Price</th>
              <th scope="col">Stock</th>
            </tr>
          </thead>
          <tbody>
            {products.edges.map(({ node }) => (
              <tr key={node.id}>
                <td>
                  <ProductImage url={node.imageUrl} size="thumb" />
                </td>
                <th scope="row">
                  <Link to={`/staff/products/${node.id}`}>{node.name}</Link>
                </th>
                <td>{node.sku}</td>
                <td>
                  <Price cents={node.priceCents} currency={node.currency} />
                </td>
                <td>{node.stock}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {products && <LoadMore pageInfo={products.pageInfo} loading={networkStatus === NetworkStatus.fetchMore} fetchMore={fetchMore} />}
    </section>
  );
}
