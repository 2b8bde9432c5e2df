// Entry point of the products subgraph process: the scaffold starts tracing, then serves the declaration.
import { runSubgraphProcess } from "@shop/shared/subgraph/process";

await runSubgraphProcess("products", async () => (await import("./subgraph.ts")).products);
