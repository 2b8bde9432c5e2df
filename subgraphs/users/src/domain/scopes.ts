// Granting and revoking an account's scopes (the operator command `pnpm users:grant` / `users:revoke`): one
// statement each, so two operators at once never lose each other's change. Tokens carry the scopes they were
// issued with: a change takes effect at the account's next log-in.
import type { Scope } from "@shop/shared/scopes";
import type { PrismaClient } from "../__generated__/prisma/client.ts";

export interface ScopeChange {
  before: string[];
  after: string[];
}

/** Adds `scopes` to the account of `email` (kept sorted, no duplicates); undefined when there is no such account. */
export async function grantScopes(prisma: PrismaClient, email: string, scopes: readonly Scope[]): Promise<ScopeChange | undefined> {
  const [row] = await prisma.$queryRaw<ScopeChange[]>`
    UPDATE "User" u SET "scopes" = ARRAY(SELECT DISTINCT s FROM unnest(old."before" || ${[...scopes]}::text[]) s ORDER BY s)
    FROM (SELECT "id", "scopes" AS "before" FROM "User" WHERE "email" = ${email} FOR UPDATE) old
    WHERE u."id" = old."id"
    RETURNING old."before", u."scopes" AS "after"`;
  return row;
}

/** Removes `scopes` from the account of `email`; undefined when there is no such account. */
export async function revokeScopes(prisma: PrismaClient, email: string, scopes: readonly Scope[]): Promise<ScopeChange | undefined> {
  const [row] = await prisma.$queryRaw<ScopeChange[]>`
    UPDATE "User" u SET "scopes" = ARRAY(SELECT s FROM unnest(old."before") s WHERE s <> ALL(${[...scopes]}::text[]) ORDER BY s)
    FROM (SELECT "id", "scopes" AS "before" FROM "User" WHERE "email" = ${email} FOR UPDATE) old
    WHERE u."id" = old."id"
    RETURNING old."before", u."scopes" AS "after"`;
  return row;
}
