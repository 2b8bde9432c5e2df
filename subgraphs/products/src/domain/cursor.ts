// Opaque pagination cursors: a row's (name, id) sort key as base64url JSON, checked strictly on the way back in.
import { badUserInput } from "@shop/shared/errors";
import { isUuid } from "@shop/shared/ids";

/** Where a row sits in the catalogue's order: by name, then by id to break ties. */
export interface ProductSortKey {
  name: string;
  id: string;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** Far above any real cursor; stops a client from making the server decode megabytes. */
const MAX_CURSOR_LENGTH = 2048;

export function encodeCursor(key: ProductSortKey): string {
  return Buffer.from(JSON.stringify([key.name, key.id]), "utf8").toString("base64url");
}

/** The sort key in a cursor this service issued; anything else throws BAD_USER_INPUT naming `argument`. */
export function decodeCursor(cursor: string, argument = "after"): ProductSortKey {
  const invalid = () => badUserInput(`${argument} is not a valid cursor`, argument);
  if (cursor.length > MAX_CURSOR_LENGTH || !BASE64URL.test(cursor)) throw invalid();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(value) || value.length !== 2) throw invalid();
  const [name, id] = value as unknown[];
  // The id goes to a UUID column: a malformed one must never reach the database.
  if (typeof name !== "string" || typeof id !== "string" || !isUuid(id)) throw invalid();
  const key = { name, id };
  // Only the exact encoding this service produces is accepted: re-padded, re-serialised or bit-flipped cursors are refused.
  if (encodeCursor(key) !== cursor) throw invalid();
  return key;
}
