// A postal address as people type it (a saved address, an order's shipping address): each field cleaned as free
// text (NFKC, trimmed, no invisible characters, bounded length) and the country checked against ISO 3166-1 alpha-2.
import { iso31661 } from "iso-3166";
import { badUserInput } from "./errors.ts";
import { cleanText } from "./text-input.ts";

export interface PostalAddress {
  name: string;
  line1: string;
  /** Null when there is none (an empty line counts as none). */
  line2: string | null;
  city: string;
  postalCode: string;
  /** ISO 3166-1 alpha-2, upper-case. */
  country: string;
}

/** What a client sends: the same fields, line2 optional. */
export type PostalAddressInput = Omit<PostalAddress, "line2"> & { line2?: string | null };

/** The officially assigned alpha-2 codes (249, from the `iso-3166` package). */
const COUNTRIES = new Set(iso31661.map((country) => country.alpha2));

export function isCountryCode(code: string): boolean {
  return COUNTRIES.has(code);
}

/** The address cleaned, or BAD_USER_INPUT naming the first bad field (`field` prefixed, e.g. `shippingAddress.city`). */
export function cleanPostalAddress(input: PostalAddressInput, prefix = ""): PostalAddress {
  const field = (name: string) => `${prefix}${name}`;
  const name = cleanText(input.name, { field: field("name"), label: "Name", min: 1, max: 100 });
  const line1 = cleanText(input.line1, { field: field("line1"), label: "Address line 1", min: 1, max: 200 });
  const line2 = cleanText(input.line2 ?? "", { field: field("line2"), label: "Address line 2", min: 0, max: 200 }) || null;
  const city = cleanText(input.city, { field: field("city"), label: "City", min: 1, max: 100 });
  const postalCode = cleanText(input.postalCode, { field: field("postalCode"), label: "Postal code", min: 1, max: 20 });
  const country = input.country.normalize("NFKC").trim().toUpperCase();
  if (!isCountryCode(country)) throw badUserInput("Country must be an ISO 3166-1 alpha-2 code such as GB, US or DE", field("country"));
  return { name, line1, line2, city, postalCode, country };
}
