// One product: picture, description, price, stock, and adding it to the cart with a quantity.
import { useQuery } from "@apollo/client/react";
import { Link, useParams } from "react-router";
import { AddToCart } from "../components/AddToCart.tsx";
import { Missing } from "../components/Missing.tsx";
import { PageHeading } from "../components/Page.tsx";
import { Price } from "../components/Price.tsx";
import { ProductImage } from "../components/ProductImage.tsx";
import { Loading } from "../components/Status.tsx";
import { ProductDocument } from "../gql/graphql.ts";

export function ProductPage() {
  const { id = "" } = useParams();
  const { data, error, loading, refetch } = useQuery(ProductDocument, { variables: { id }, errorPolicy: "all" });
  const product = data?.product;

  if (loading && !product) return <Loading label="Loading product…" />;
  if (!product) return <Missing what="product" error={error} retry={refetch} />;
  return (
    <article className="product-page">
      <p className="breadcrumb">
        <Link to="/">← Back to the catalog</Link>
      </p>
      <PageHeading title={product.name} />
      <ProductImage url={product.imageUrl} alt={product.name} size="large" />
      <p className="product-price">
        <Price cents={product.priceCents} currency={product.currency} />
      </p>
      <p>{product.description}</p>
      <dl className="facts">
        <dt>SKU</dt>
        <dd>{product.sku}</dd>
        <dt>Availability</dt>
        <dd>{product.inStock ? `${product.stock} in stock` : "Out of stock"}</dd>
      </dl>
      <AddToCart product={product} showQuantity />
    </article>
  );
}
