// Demo accounts for the users database (idempotent: creates only the accounts that are missing). Never in
// production: their passwords are in the README, and their ids are derived from their names.
import { type SeedOptions, seedUsers } from "@shop/shared/seed-data";
import type { PrismaClient } from "../../subgraphs/users/src/__generated__/prisma/client.ts";
import { hashPassword } from "../../subgraphs/users/src/domain/password.ts";

export async function seed(prisma: PrismaClient, { production }: SeedOptions = { production: false }): Promise<void> {
  if (production) return;
  for (const user of seedUsers) {
    const exists = await prisma.user.findUnique({ where: { id: user.id }, select: { id: true } });
    if (exists) continue;
    await prisma.user.create({
      data: {
        id: user.id,
        email: user.email,
        name: user.name,
        passwordHash: await hashPassword(user.password),
        scopes: [...user.scopes],
        createdAt: new Date(Date.UTC(2026, 8, 1)),
      },
    });
  }
}
