// Self time of a CPU profile by package and function, from a small hand-made profile.
import { describe, expect, it } from "vitest";
import { packageOf, summarizeProfile } from "../src/profile-summary.ts";

describe("profile summary", () => {
  it("names npm packages, workspace folders, node internals and V8's buckets", () => {
    expect(packageOf("file:///w/node_modules/.pnpm/graphql@16.15.0/node_modules/graphql/execution/execute.js", "f")).toBe("graphql");
    expect(packageOf("file:///w/node_modules/.pnpm/@apollo+gateway@2.14.4/node_modules/@apollo/gateway/dist/index.js", "f")).toBe("@apollo/gateway");
    expect(packageOf("file:///checkout/bench/router/src/server.ts", "f")).toBe("router");
    expect(packageOf("node:internal/streams/readable", "f")).toBe("node (internals)");
    expect(packageOf("", "(garbage collector)")).toBe("(garbage collector)");
  });

  it("adds up self time per package and per function, largest first", () => {
    const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 0 });
    const summary = summarizeProfile({
      nodes: [
        { id: 1, callFrame: frame("(root)", ""), children: [2, 3] },
        { id: 2, callFrame: frame("execute", "file:///w/node_modules/graphql/execution/execute.js"), children: [4] },
        { id: 3, callFrame: frame("(garbage collector)", "") },
        { id: 4, callFrame: frame("writev", "") },
      ],
      samples: [2, 2, 3, 2, 4],
      timeDeltas: [1000, 2000, 500, 500, 1000],
    });
    expect(summary.totalMs).toBe(5);
    // The native write is graphql's doing.
    expect(summary.callers[0]).toMatchObject({ name: "graphql", ms: 4.5 });
    expect(summary.packages.find((p) => p.name === "(native)")).toMatchObject({ ms: 1 });
    expect(summary.packages[0]).toMatchObject({ name: "graphql", ms: 3.5, share: 0.7 });
    expect(summary.functions[0]!.name).toBe("execute graphql:execute.js:1");
    expect(summary.packages[2]).toMatchObject({ name: "(garbage collector)", ms: 0.5 });
  });
});
