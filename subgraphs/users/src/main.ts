// Entry point of the users subgraph process: the scaffold starts tracing, then serves the declaration.
import { runSubgraphProcess } from "@shop/shared/subgraph/process";

await runSubgraphProcess("users", async () => (await import("./subgraph.ts")).users);
