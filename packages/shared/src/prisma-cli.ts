// The one prisma.config.ts body every service uses: JS schema engine plus our database adapter choice.
import path from "node:path";
import type { PrismaConfig } from "prisma/config";
import { databaseKind, defaultDatabaseUrl, openDatabase } from "./database.ts";

export function prismaCliConfig(service: string, dir: string): PrismaConfig {
  // The CLI reads `env("DATABASE_URL")` from the schema and, without it, falls back to downloading a
  // native engine: make sure it is always set.
  const url = process.env.DATABASE_URL || defaultDatabaseUrl(service);
  if (databaseKind(url) === "pglite") process.env.DATABASE_URL = `postgresql://pglite.invalid/${service}`;
  return {
    experimental: { adapter: true },
    engine: "js",
    schema: path.join(dir, "schema.prisma"),
    migrations: { path: path.join(dir, "migrations"), seed: `tsx ${path.join(dir, "seed.ts")}` },
    adapter: async () => (await openDatabase(url)).adapter,
  };
}
