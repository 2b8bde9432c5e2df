// Entry point of the products migration job (`node migrate.js` in the image): migrates, seeds per SEED, exits.
import { runMigrationProcess } from "@shop/shared/subgraph/process";

await runMigrationProcess("products", async () => (await import("./subgraph.ts")).products);
