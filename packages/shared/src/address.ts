// Postal addresses as the shop stores them (an order's shipping address in orders, a user's saved addresses in
// users): the GraphQL `Address` value type both subgraphs declare (@shareable, same fields), and the one check of
// `AddressInput` every service runs before storing one.
// The library's index (not its package entry, which loads every locale's country names): only the codes are needed.
import countries from "i18n-iso-countries/index.js";
import { badUserInput } from "./errors.ts";

/** A checked address: trimmed, required parts non-empty, `country` an upper-case ISO 3166-1 alpha-2 code. */
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

const ALPHA2 = new Set(Object.keys(countries.getAlpha2Codes()));
/** Letters and digits with single spaces or hyphens between them: every country's postal code fits (e.g. "SW1A 1AA", "10115", "02-134"). */
const POSTAL_CODE = /^[A-Za-z0-9]+(?:[ -][A-Za-z0-9]+)*$/;
/** Control characters (line breaks, NUL...) have no place on a label. */
const CONTROL = /\p{Cc}/u;

export function isCountryCode(value: string): boolean {
  return ALPHA2.has(value);
}

/** One text part: trimmed, within its limit, non-empty unless optional. BAD_USER_INPUT naming `address.<part>`. */
function part(value: string | null | undefined, key: keyof typeof ADDRESS_LIMITS, field: string, required: boolean): string | null {
  const text = (value ?? "").trim();
  if (!text) {
    if (required) throw badUserInput(`${field} must not be empty`, field);
    return null;
  }
  if (text.length > ADDRESS_LIMITS[key]) throw badUserInput(`${field} must be at most ${ADDRESS_LIMITS[key]} characters`, field);
  if (CONTROL.test(text)) throw badUserInput(`${field} must not contain control characters`, field);
  return text;
}

/**
 * The address to store, or BAD_USER_INPUT naming the first bad part (`<argument>.<part>`, e.g.
 * `shippingAddress.country`). The country code is accepted in either case and stored upper-case.
 */
export function parseAddress(input: AddressInput, argument = "address"): Address {
  const field = (key: string) => `${argument}.${key}`;
  const name = part(input.name, "name", field("name"), true)!;
  const line1 = part(input.line1, "line1", field("line1"), true)!;
  const line2 = part(input.line2, "line2", field("line2"), false);
  const city = part(input.city, "city", field("city"), true)!;
  const postalCode = part(input.postalCode, "postalCode", field("postalCode"), true)!;
  if (!POSTAL_CODE.test(postalCode)) throw badUserInput(`${field("postalCode")} may hold only letters, digits, spaces and hyphens`, field("postalCode"));
  const country = (input.country ?? "").trim().toUpperCase();
  if (!isCountryCode(country)) throw badUserInput(`${field("country")} must be an ISO 3166-1 alpha-2 country code such as GB or US`, field("country"));
  return { name, line1, line2, city, postalCode, country };
}
