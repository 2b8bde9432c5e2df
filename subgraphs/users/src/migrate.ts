// Entry point of the users migration job (`node migrate.js` in the image): migrates, seeds per SEED, exits.
import { runMigrationProcess } from "@shop/shared/subgraph/process";

await runMigrationProcess("users", async () => (await import("./subgraph.ts")).users);
