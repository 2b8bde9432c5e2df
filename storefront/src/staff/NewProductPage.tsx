// Staff (catalog:write): a new product; once created, its edit page opens.
import { useMutation } from "@apollo/client/react";
import { useNavigate } from "react-router";
import { ActionOutcome } from "../components/ActionOutcome.tsx";
import { Field } from "../components/Field.tsx";
import { PageHeading } from "../components/Page.tsx";
import { CreateProductDocument } from "../gql/graphql.ts";
import { parseAmount } from "../lib/money.ts";
import { useAction } from "../lib/use-action.ts";
import { useFields } from "../lib/use-fields.ts";
import { ProductFields } from "./ProductFields.tsx";

export function NewProductPage() {
  const navigate = useNavigate();
  const [createProduct] = useMutation(CreateProductDocument, { refetchQueries: ["StaffProducts", "Catalog"] });
  const { field, values } = useFields({ sku: "", currency: "USD", stock: "0", name: "", description: "", price: "", imageUrl: "" });
  const action = useAction();
  return (
    <section className="narrow">
      <PageHeading title="New product" />
      <form
        className="stacked"
        onSubmit={(event) => {
          event.preventDefault();
          void action.run(async () => {
            const currency = values.currency.trim().toUpperCase();
            const { data } = await createProduct({
              variables: {
                input: {
                  sku: values.sku.trim(),
                  name: values.name.trim(),
                  description: values.description.trim(),
                  // An unreadable price goes as 0, which the shop refuses naming the field.
                  priceCents: parseAmount(values.price, currency) ?? 0,
                  currency,
                  stock: Number(values.stock),
                  imageUrl: values.imageUrl.trim() || null,
                },
              },
            });
            if (data) navigate(`/staff/products/${data.createProduct.id}`);
            return null;
          });
        }}
      >
        <Field label="SKU" required maxLength={32} hint="Upper-case letters and digits in groups, e.g. MUG-001." {...field("sku")} />
        <Field label="Currency" required minLength={3} maxLength={3} {...field("currency")} />
        <ProductFields field={field} currency={values.currency.toUpperCase() || "USD"} />
        <Field label="Stock" type="number" inputMode="numeric" min={0} required {...field("stock")} />
        <ActionOutcome error={action.error} done={action.done} />
        <button type="submit" disabled={action.loading}>
          {action.loading ? "Creating…" : "Create product"}
        </button>
      </form>
    </section>
  );
}
