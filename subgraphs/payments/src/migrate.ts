// Entry point of the payments migration job (`node migrate.js` in the image): migrates, seeds per SEED, exits.
import { runMigrationProcess } from "@shop/shared/subgraph/process";

await runMigrationProcess("payments", async () => (await import("./subgraph.ts")).payments);
