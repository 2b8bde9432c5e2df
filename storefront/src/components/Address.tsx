// Postal addresses: the fields to enter one (profile, checkout) and an address as it is shown (orders, staff).
import type { ChangeEvent } from "react";
import type { AddressFieldsFragment, AddressInput } from "../gql/graphql.ts";
import { Field } from "./Field.tsx";

export type AddressDraft = { name: string; line1: string; line2: string; city: string; postalCode: string; country: string };

export const EMPTY_ADDRESS: AddressDraft = { name: "", line1: "", line2: "", city: "", postalCode: "", country: "" };

/** The draft as the API takes it: trimmed, the country upper-case, no second line as null. */
export function addressInput(draft: AddressDraft): AddressInput {
  return {
    name: draft.name.trim(),
    line1: draft.line1.trim(),
    line2: draft.line2.trim() || null,
    city: draft.city.trim(),
    postalCode: draft.postalCode.trim(),
    country: draft.country.trim().toUpperCase(),
  };
}

/** A saved address sent back as it was listed (deleteAddress, or placeOrder with a saved address). */
export function savedAddressInput({ name, line1, line2, city, postalCode, country }: AddressFieldsFragment): AddressInput {
  return { name, line1, line2: line2 ?? null, city, postalCode, country };
}

export function AddressFieldset({
  legend,
  field,
}: {
  legend: string;
  field: (name: keyof AddressDraft) => { name: string; value: string; onChange: (event: ChangeEvent<HTMLInputElement>) => void };
}) {
  return (
    <fieldset className="address-fields">
      <legend>{legend}</legend>
      <Field label="Full name" autoComplete="name" required maxLength={100} {...field("name")} />
      <Field label="Address line 1" autoComplete="address-line1" required maxLength={200} {...field("line1")} />
      <Field label="Address line 2 (optional)" autoComplete="address-line2" maxLength={200} {...field("line2")} />
      <Field label="City" autoComplete="address-level2" required maxLength={100} {...field("city")} />
      <Field label="Postal code" autoComplete="postal-code" required maxLength={20} {...field("postalCode")} />
      <Field
        label="Country code"
        hint="Two letters, e.g. GB, US, DE."
        autoComplete="country"
        required
        minLength={2}
        maxLength={2}
        pattern="[A-Za-z]{2}"
        {...field("country")}
      />
    </fieldset>
  );
}

export function AddressView({ address }: { address: AddressFieldsFragment }) {
  return (
    <address className="postal-address">
      {[address.name, address.line1, address.line2, `${address.postalCode} ${address.city}`, address.country]
        .filter(Boolean)
        .map((line) => (
          <span key={line}>
            {line}
            <br />
          </span>
        ))}
    </address>
  );
}
