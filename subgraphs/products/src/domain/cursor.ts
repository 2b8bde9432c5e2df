// The catalogue's pagination cursors: a product's (name, id) sort key, opaque to clients (packages/shared/src/cursor.ts).
import { decodeCursor as decodeKey, encodeCursor as encodeKey } from "@shop/shared/cursor";
import { isUuid } from "@shop/shared/ids";

/** Where a row sits in the catalogue's order: by name, then by id to break ties. */
export interface ProductSortKey {
  name: string;
  id: string;
}

export function encodeCursor(key: ProductSortKey): string {
  return encodeKey([key.name, key.id]);
}

/** The sort key in a cursor this service issued; anything else throws BAD_USER_INPUT naming `argument`. */
export function decodeCursor(cursor: string, argument = "after"): ProductSortKey {
  // The id goes to a UUID column: a malformed one must never reach the database.
  const [name, id] = decodeKey(cursor, 2, ([, id]) => isUuid(id!), argument) as [string, string];
  return { name, id };
}
