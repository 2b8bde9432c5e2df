// Free text typed by people (names, address lines): NFKC-normalised and trimmed, and refused when it holds
// characters that show nothing or change how text around them is shown (control, bidi, zero-width and other
// invisible code points), which let one name pass for another or break the pages that display it.
import { badUserInput } from "./errors.ts";

/**
 * Control characters (Cc: tabs, newlines, NUL), format characters (Cf: bidi embeddings, overrides and isolates,
 * zero-width space and joiners, soft hyphen, BOM, tags), every default-ignorable code point (Hangul fillers,
 * variation selectors, the combining grapheme joiner), line and paragraph separators, private-use, surrogate and
 * unassigned code points.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\p{Zl}\p{Zp}\p{Co}\p{Cs}\p{Cn}]/u;

export function hasInvisibleCharacters(text: string): boolean {
  return INVISIBLE.test(text);
}

export interface TextRule {
  /** The input field named in the error (`extensions.field`). */
  field: string;
  /** What the field is called in the message ("Name"). */
  label: string;
  min: number;
  max: number;
}

/**
 * NFKC, then trimmed, then checked: BAD_USER_INPUT naming the field when it holds invisible characters or its
 * length (in code points, after normalisation) is outside [min, max]. Runs of spaces inside are kept as typed.
 */
export function cleanText(raw: string, rule: TextRule): string {
  const text = raw.normalize("NFKC").trim();
  if (hasInvisibleCharacters(text)) {
    throw badUserInput(`${rule.label} must not contain control, bidi or invisible characters`, rule.field);
  }
  const length = [...text].length;
  if (length < rule.min || length > rule.max) {
    throw badUserInput(rule.min > 0 ? `${rule.label} must be ${rule.min} to ${rule.max} characters` : `${rule.label} must be at most ${rule.max} characters`, rule.field);
  }
  return text;
}
