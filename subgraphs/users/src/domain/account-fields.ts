// An account's email and name as they are stored: normalised so that one person cannot hold two accounts that look
// alike, and refused when they hold characters that hide what they are.
import { domainToASCII } from "node:url";
import { badUserInput } from "@shop/shared/errors";
import { cleanText, hasInvisibleCharacters } from "@shop/shared/text-input";

/** The local part (before @): RFC 5321's dot-atom in ASCII only, so no two addresses can look alike (no confusables). */
const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
/** The domain once in ASCII (IDNA): letters, digits and hyphens in dot-separated labels, a dot at least. */
const DOMAIN = /^(?=.{1,253}$)([a-z0-9](-*[a-z0-9])*\.)+[a-z0-9](-*[a-z0-9])*$/;

/**
 * The email as stored: NFKC, trimmed, lower-cased; the local part ASCII only; an internationalised domain turned
 * into its ASCII form (`bücher.example` becomes `xn--bcher-kva.example`), so a look-alike domain is stored, shown
 * and compared as the different name it is. Undefined when it is not a valid address.
 */
export function canonicalEmail(raw: string): string | undefined {
  const email = raw.normalize("NFKC").trim().toLowerCase();
  const at = email.lastIndexOf("@");
  // Checked before IDNA, which would silently drop some invisible characters (soft hyphen, zero-width joiners).
  if (at < 1 || email.length > 254 || hasInvisibleCharacters(email)) return undefined;
  const local = email.slice(0, at);
  const domain = domainToASCII(email.slice(at + 1));
  if (local.length > 64 || !LOCAL_PART.test(local) || !domain || !DOMAIN.test(domain)) return undefined;
  return `${local}@${domain}`;
}

/** The email for sign-up, or BAD_USER_INPUT naming the field. */
export function cleanEmail(raw: string): string {
  const email = canonicalEmail(raw);
  if (!email) throw badUserInput("Enter a valid email address (the part before @ in plain ASCII letters, digits and .!#$%&'*+/=?^_`{|}~-)", "email");
  return email;
}

/** The display name: 1 to 100 characters once normalised, no control, bidi or invisible characters. */
export function cleanName(raw: string): string {
  return cleanText(raw, { field: "name", label: "Name", min: 1, max: 100 });
}
