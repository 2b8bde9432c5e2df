// Entry point of the orders migration job (`node migrate.js` in the image): migrates, seeds per SEED, exits.
import { runMigrationProcess } from "@shop/shared/subgraph/process";

await runMigrationProcess("orders", async () => (await import("./subgraph.ts")).orders);
