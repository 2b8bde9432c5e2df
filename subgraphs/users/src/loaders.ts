// Per-request DataLoaders: entity references from other subgraphs become one query. Plain SQL
// (packages/shared/src/sql.ts says why): every request that shows a user runs it.
import { oneEach } from "@shop/shared/batch";
import type { Sql } from "@shop/shared/sql";
import DataLoader from "dataloader";
import type { User } from "./__generated__/prisma/client.ts";

export function createLoaders(sql: Sql) {
  return {
    user: new DataLoader<string, User | null>(async (ids) =>
      oneEach(ids, await sql.query<User>(`SELECT * FROM "User" WHERE id = ANY($1::uuid[])`, [ids]), (user) => user.id),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
