// Prisma CLI configuration for the products database (schema, migrations, seed, and the driver adapter
// that lets the offline WebAssembly schema engine reach PGlite or PostgreSQL).
import path from "node:path";
import { defineConfig } from "prisma/config";
import { prismaCliConfig } from "@shop/shared/prisma-cli";

export default defineConfig(prismaCliConfig("products", path.dirname(new URL(import.meta.url).pathname)));
