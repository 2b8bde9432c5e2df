// Entry point of the payments subgraph process: the scaffold starts tracing, then serves the declaration.
import { runSubgraphProcess } from "@shop/shared/subgraph/process";

await runSubgraphProcess("payments", async () => (await import("./subgraph.ts")).payments);
