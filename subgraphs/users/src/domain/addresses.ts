// A shopper's saved addresses: validated like any postal address, at most MAX_SAVED_ADDRESSES, identified by content.
import { graphError, notFound } from "@shop/shared/errors";
import { type Address as PostalAddress, type AddressInput, parseAddress } from "@shop/shared/address";
import type { Address, PrismaClient, User } from "../__generated__/prisma/client.ts";
import { insertAddress, listAddresses, removeAddress } from "../db/addresses.ts";

/** Enough for home, work and a few relatives; a bound on what one account stores and one query returns. */
export const MAX_SAVED_ADDRESSES = 10;

/** A stored row as the schema's Address. */
export function toPostalAddress(row: Address): PostalAddress {
  return { name: row.name, line1: row.line1, line2: row.line2 || null, city: row.city, postalCode: row.postalCode, country: row.country };
}

export async function savedAddresses(prisma: PrismaClient, userId: string): Promise<PostalAddress[]> {
  return (await listAddresses(prisma, userId)).map(toPostalAddress);
}

/** Saves `input` to the user's addresses (a no-op when it is already there); returns the user. */
export async function saveAddress(prisma: PrismaClient, userId: string, input: AddressInput): Promise<User> {
  const address = parseAddress(input, "");
  const outcome = await insertAddress(prisma, userId, address, MAX_SAVED_ADDRESSES);
  if (outcome === "no-user") throw notFound("Account");
  if (outcome === "full") {
    throw graphError("CONFLICT", `You can keep at most ${MAX_SAVED_ADDRESSES} saved addresses: delete one first`, { limit: MAX_SAVED_ADDRESSES });
  }
  return prisma.user.findUniqueOrThrow({ where: { id: userId } });
}

/** Deletes one of the user's saved addresses, given as User.addresses returned it; returns the user. */
export async function deleteAddress(prisma: PrismaClient, userId: string, input: AddressInput): Promise<User> {
  const address = parseAddress(input, "");
  if (!(await removeAddress(prisma, userId, address))) throw notFound("Saved address");
  return prisma.user.findUniqueOrThrow({ where: { id: userId } });
}
