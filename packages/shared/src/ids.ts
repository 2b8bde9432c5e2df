// Identifier checks: ids are UUIDs, and a malformed one never reaches the database.
import { badUserInput } from "./errors.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Returns the id, or throws BAD_USER_INPUT naming the argument. */
export function requireUuid(value: string, argument = "id"): string {
  if (!isUuid(value)) throw badUserInput(`${argument} is not a valid id`, argument);
  return value.toLowerCase();
}
