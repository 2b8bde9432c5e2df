// Entry point of the orders subgraph process: the scaffold starts tracing, then serves the declaration.
import { runSubgraphProcess } from "@shop/shared/subgraph/process";

await runSubgraphProcess("orders", async () => (await import("./subgraph.ts")).orders);
