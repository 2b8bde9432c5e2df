// Staff (catalog:write): one product. Change its name, description, price or picture (only what changed is
// sent), restock or write off units with a reason, archive it, and read its history.
import { useMutation, useQuery } from "@apollo/client/react";
import { Link, useParams } from "react-router";
import { ActionOutcome } from "../components/ActionOutcome.tsx";
import { Field } from "../components/Field.tsx";
import { Missing } from "../components/Missing.tsx";
import { PageHeading } from "../components/Page.tsx";
import { Price } from "../components/Price.tsx";
import { ProductImage } from "../components/ProductImage.tsx";
import { ErrorMessage, Loading } from "../components/Status.tsx";
import {
  AdjustStockDocument,
  ArchiveProductDocument,
  type StaffProductFragment,
  StaffProductDocument,
  type StaffProductQuery,
  type UpdateProductInput,
  UpdateProductDocument,
} from "../gql/graphql.ts";
import { formatDate } from "../lib/dates.ts";
import { amountText, formatPrice, parseAmount } from "../lib/money.ts";
import { useAction } from "../lib/use-action.ts";
import { useFields } from "../lib/use-fields.ts";
import { ProductFields } from "./ProductFields.tsx";

/** The shop's lists show prices and stock: fetch them again after a change. */
const REFETCH = ["StaffProducts", "Catalog", "StaffProduct"];

export function StaffProductPage() {
  const { id = "" } = useParams();
  const { data, error, loading, refetch } = useQuery(StaffProductDocument, { variables: { id }, fetchPolicy: "cache-and-network", errorPolicy: "all" });
  const product = data?.product;
  if (!product && loading) return <Loading label="Loading the product…" />;
  if (!product) return <Missing what="product" error={error} retry={refetch} />;
  return (
    <article className="staff-product">
      <p className="breadcrumb">
        <Link to="/staff/products">← Products</Link>
      </p>
      <PageHeading title={`Edit ${product.name}`} />
      <ProductImage url={product.imageUrl} alt={product.name} size="large" />
      <dl className="facts">
        <dt>SKU</dt>
        <dd>{product.sku}</dd>
        <dt>Price</dt>
        <dd>
          <Price cents={product.priceCents} currency={product.currency} />
        </dd>
        <dt>Stock</dt>
        <dd className="stock-now">{product.stock}</dd>
        <dt>Status</dt>
        <dd>{product.archived ? "Archived: no longer in the catalogue" : "On sale"}</dd>
      </dl>
      {error && <ErrorMessage error={error} />}
      <DetailsForm key={product.id} product={product} />
      <StockForm product={product} />
      {!product.archived && <ArchiveButton product={product} />}
      <History entries={product.history} />
    </article>
  );
}

function DetailsForm({ product }: { product: StaffProductFragment }) {
  const [updateProduct] = useMutation(UpdateProductDocument, { refetchQueries: REFETCH });
  const initial = {
    name: product.name,
    description: product.description,
    price: amountText(product.priceCents, product.currency),
    imageUrl: product.imageUrl ?? "",
  };
  const { field, values } = useFields(initial);
  const action = useAction();
  return (
    <form
      className="stacked"
      aria-labelledby="details-heading"
      onSubmit={(event) => {
        event.preventDefault();
        void action.run(async () => {
          const input: UpdateProductInput = {};
          if (values.name.trim() !== initial.name) input.name = values.name.trim();
          if (values.description.trim() !== initial.description) input.description = values.description.trim();
          // An unreadable price goes as 0, which the shop refuses naming the field.
          if (values.price.trim() !== initial.price) input.priceCents = parseAmount(values.price, product.currency) ?? 0;
          if (values.imageUrl.trim() !== initial.imageUrl) input.imageUrl = values.imageUrl.trim() || null;
          if (Object.keys(input).length === 0) return "Nothing changed.";
          const { data } = await updateProduct({ variables: { id: product.id, input } });
          return data ? `Saved. The price is now ${formatPrice(data.updateProduct.priceCents, data.updateProduct.currency)}.` : null;
        });
      }}
    >
      <h2 id="details-heading">Details</h2>
      <ProductFields field={field} currency={product.currency} />
      <ActionOutcome error={action.error} done={action.done} />
      <button type="submit" disabled={action.loading}>
        {action.loading ? "Saving…" : "Save changes"}
      </button>
    </form>
  );
}

function StockForm({ product }: { product: StaffProductFragment }) {
  const [adjustStock] = useMutation(AdjustStockDocument, { refetchQueries: REFETCH });
  const { field, values, reset } = useFields({ delta: "", reason: "" });
  const action = useAction();
  return (
    <form
      className="stacked"
      aria-labelledby="stock-heading"
      onSubmit={(event) => {
        event.preventDefault();
        void action.run(async () => {
          const { data } = await adjustStock({ variables: { id: product.id, delta: Number(values.delta), reason: values.reason.trim() } });
          reset();
          return data ? `Stock is now ${data.adjustStock.stock}.` : null;
        });
      }}
    >
      <h2 id="stock-heading">Stock</h2>
      <Field
        label="Units to add"
        type="number"
        inputMode="numeric"
        step={1}
        required
        hint="A restock is positive; a write-off negative (units held by open orders cannot be written off)."
        {...field("delta")}
      />
      <Field label="Reason" required maxLength={200} {...field("reason")} />
      <ActionOutcome error={action.error} done={action.done} />
      <button type="submit" disabled={action.loading}>
        {action.loading ? "Saving…" : "Adjust stock"}
      </button>
    </form>
  );
}

function ArchiveButton({ product }: { product: StaffProductFragment }) {
  const [archiveProduct] = useMutation(ArchiveProductDocument, { refetchQueries: REFETCH });
  const action = useAction();
  return (
    <div className="archive">
      <h2>Archive</h2>
      <p>An archived product leaves the catalogue and search for good; past orders still show it.</p>
      <ActionOutcome error={action.error} done={action.done} />
      <button
        type="button"
        className="secondary"
        disabled={action.loading}
        onClick={() => {
          if (!window.confirm(`Archive ${product.name}? It can no longer be found or ordered.`)) return;
          void action.run(async () => {
            await archiveProduct({ variables: { id: product.id } });
            return `${product.name} is archived.`;
          });
        }}
      >
        Archive {product.name}
      </button>
    </div>
  );
}

type HistoryEntry = NonNullable<NonNullable<StaffProductQuery["product"]>["history"]>[number];

function History({ entries }: { entries: HistoryEntry[] | null | undefined }) {
  if (!entries || entries.length === 0) return null;
  return (
    <div className="history">
      <h2>History</h2>
      <ol>
        {[...entries].reverse().map((entry) => (
          <li key={`${entry.createdAt}-${entry.action}-${entry.details}`}>
            {formatDate(entry.createdAt)}: {entry.action.toLowerCase().replace("_", " ")} <code>{entry.details}</code>
          </li>
        ))}
      </ol>
    </div>
  );
}
