// Opaque keyset cursors: a row's sort key (a tuple of strings) as base64url JSON, checked strictly on the way back in.
import { badUserInput } from "./errors.ts";

const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** Far above any real cursor; stops a client from making the server decode megabytes. */
const MAX_CURSOR_LENGTH = 2048;

export function encodeCursor(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key), "utf8").toString("base64url");
}

/**
 * The sort key in a cursor this service issued: `arity` strings, each accepted by `valid` (e.g. a UUID that will
 * reach a UUID column); anything else throws BAD_USER_INPUT naming `argument`. Only the exact encoding this service
 * produces is accepted: re-padded, re-serialised or bit-flipped cursors are refused.
 */
export function decodeCursor(cursor: string, arity: number, valid: (parts: string[]) => boolean, argument = "after"): string[] {
  const invalid = () => badUserInput(`${argument} is not a valid cursor`, argument);
  if (cursor.length > MAX_CURSOR_LENGTH || !BASE64URL.test(cursor)) throw invalid();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(value) || value.length !== arity || !value.every((part) => typeof part === "string")) throw invalid();
  const key = value as string[];
  if (!valid(key) || encodeCursor(key) !== cursor) throw invalid();
  return key;
}
