// Saved addresses in the users database: a user's list, and the writes that keep it within its cap and free of copies.
import type { Address as PostalAddress } from "@shop/shared/address";
import type { Address, PrismaClient } from "../__generated__/prisma/client.ts";

/** A user's saved addresses, most recent first. */
export function listAddresses(prisma: PrismaClient, userId: string): Promise<Address[]> {
  return prisma.address.findMany({ where: { userId }, orderBy: [{ createdAt: "desc" }, { id: "asc" }] });
}

/** The row's columns for `address` (line2 is '' when there is none, so it takes part in the unique index). */
function columns(userId: string, address: PostalAddress) {
  return { userId, ...address, line2: address.line2 ?? "" };
}

export type SaveOutcome = "saved" | "already-saved" | "full" | "no-user";

/**
 * Saves `address` unless the user already has it or has `limit` addresses. The user's row is locked first, so
 * two saves for one user run one after the other and the second counts the first's address (a single statement
 * could not: its count would be read before the lock was granted).
 */
export function insertAddress(prisma: PrismaClient, userId: string, address: PostalAddress, limit: number): Promise<SaveOutcome> {
  return prisma.$transaction(async (tx) => {
    const owner = await tx.$queryRaw<Array<{ id: string }>>`SELECT "id" FROM "User" WHERE "id" = ${userId}::uuid FOR UPDATE`;
    if (owner.length === 0) return "no-user";
    const data = columns(userId, address);
    if (await tx.address.findUnique({ where: { content: data }, select: { id: true } })) return "already-saved";
    if ((await tx.address.count({ where: { userId } })) >= limit) return "full";
    await tx.address.create({ data });
    return "saved";
  });
}

/** Deletes the user's saved `address`; false when they have no such address. */
export async function removeAddress(prisma: PrismaClient, userId: string, address: PostalAddress): Promise<boolean> {
  const { count } = await prisma.address.deleteMany({ where: columns(userId, address) });
  return count > 0;
}
