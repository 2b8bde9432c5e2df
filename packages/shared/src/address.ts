// Postal addresses as the shop stores them (an order's shipping address in orders, a user's saved addresses in
// users): the GraphQL `Address` value type both subgraphs declare (@shareable, same fields and descriptions), and
// the one check of `AddressInput` every service runs before storing one. Each part is free text typed by people
// (text-input.ts: NFKC, trimmed, no control, bidi or invisible characters, bounded length); the postal code is
// letters and digits, the country an ISO 3166-1 alpha-2 code.
import { iso31661 } from "iso-3166";
import { badUserInput } from "./errors.ts";
import { cleanText } from "./text-input.ts";

/** A checked address: required parts non-empty, `line2` null when there is none, `country` upper-case alpha-2. */
export interface Address {
  name: string;
  line1: string;
  line2: string | null;
  city: string;
  postalCode: string;
  country: string;
}

/** An `AddressInput` as a client sent it. */
export interface AddressInput {
  name: string;
  line1: string;
  line2?: string | null;
  city: string;
  postalCode: string;
  country: string;
}

/** Longest accepted length of each part, in characters (room for real addresses, not for essays). */
export const ADDRESS_LIMITS = { name: 100, line1: 200, line2: 200, city: 100, postalCode: 16 } as const;

/** The officially assigned alpha-2 codes (249, from the `iso-3166` package). */
const ALPHA2 = new Set(iso31661.map((country) => country.alpha2));
/** Letters and digits with single spaces or hyphens between them: every country's postal code fits (e.g. "SW1A 1AA", "10115", "02-134"). */
const POSTAL_CODE = /^[A-Za-z0-9]+(?:[ -][A-Za-z0-9]+)*$/;

export function isCountryCode(value: string): boolean {
  return ALPHA2.has(value);
}

const LABELS = { name: "Name", line1: "Address line 1", line2: "Address line 2", city: "City", postalCode: "Postal code" } as const;

/**
 * The address to store, or BAD_USER_INPUT naming the first bad part: `<argument>.<part>` (e.g.
 * `shippingAddress.country`), or the part alone when `argument` is empty. The country is accepted in either case.
 */
export function parseAddress(input: AddressInput, argument = "address"): Address {
  const field = (key: string) => (argument ? `${argument}.${key}` : key);
  const text = (key: keyof typeof ADDRESS_LIMITS, value: string | null | undefined, min: number) =>
    cleanText(value ?? "", { field: field(key), label: LABELS[key], min, max: ADDRESS_LIMITS[key] });
  const name = text("name", input.name, 1);
  const line1 = text("line1", input.line1, 1);
  const line2 = text("line2", input.line2, 0) || null;
  const city = text("city", input.city, 1);
  const postalCode = text("postalCode", input.postalCode, 1);
  if (!POSTAL_CODE.test(postalCode)) throw badUserInput("Postal code may hold only letters and digits, with single spaces or hyphens", field("postalCode"));
  const country = (input.country ?? "").normalize("NFKC").trim().toUpperCase();
  if (!isCountryCode(country)) throw badUserInput("Country must be an ISO 3166-1 alpha-2 code such as GB, US or DE", field("country"));
  return { name, line1, line2, city, postalCode, country };
}
