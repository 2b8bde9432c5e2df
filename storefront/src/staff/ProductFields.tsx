// The fields of a product as staff enter them, shared by the new-product form and the edit form.
import type { ChangeEvent } from "react";
import { Field } from "../components/Field.tsx";

export type ProductDraft = { name: string; description: string; price: string; imageUrl: string };

type FieldProps = (name: keyof ProductDraft) => { name: string; value: string; onChange: (event: ChangeEvent<HTMLInputElement & HTMLTextAreaElement>) => void };

export function ProductFields({ field, currency }: { field: FieldProps; currency: string }) {
  return (
    <>
      <Field label="Name" required maxLength={100} {...field("name")} />
      <Field label="Description" multiline required maxLength={2000} {...field("description")} />
      <Field label={`Price (${currency})`} inputMode="decimal" required hint="For example 14.50. Orders already placed keep their price." {...field("price")} />
      <Field label="Image URL" hint="A path under /images/ or an https address; leave empty for none." maxLength={500} {...field("imageUrl")} />
    </>
  );
}
