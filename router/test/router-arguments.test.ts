// The router's command line: switches become settings (and win over the environment); a typo stops it with the valid ones.
import path from "node:path";
import { repoRoot } from "@shop/shared/paths";
import { testEnv } from "@shop/shared/testing";
import { describe, expect, it } from "vitest";
import { loadConfig, withArguments } from "../src/config.ts";

describe("router command line and supergraph source", () => {
  it("maps --supergraph, --port and --trusted-only onto the settings", () => {
    const config = loadConfig(withArguments(testEnv({ PORT: "4000" }), ["--supergraph", "some/supergraph.graphql", "--port=4100", "--trusted-only"]));
    expect(config.supergraph).toEqual({ kind: "file", file: path.resolve("some/supergraph.graphql") });
    expect(config.PORT).toBe(4100);
    expect(config.TRUSTED_DOCUMENTS_ONLY).toBe(true);
  });

  it("refuses an unknown or incomplete switch, naming the valid ones", () => {
    expect(() => withArguments({}, ["--supergrph", "x"])).toThrow(/--supergrph.*--supergraph <file>, --port <n>, --trusted-only/);
    expect(() => withArguments({}, ["--supergraph"])).toThrow(/--supergraph/);
  });

  it("composes supergraph.yaml in development and serves the committed supergraph.graphql in production", () => {
    // Production refuses predictable secrets (secret-strength.ts): these are random-looking, unlike "x" × 40.
    const secrets = { JWT_SECRET: "Qm3v9Tz1Lp8Wd4Rk7Ys2Hb6Nc0Fj5Xg-a1", SUBGRAPH_SECRET: "Vb7Kq2Mz9Tw4Lr8Hd1Ys6Pc3Nj0Fg5Xe-b2" };
    expect(loadConfig(testEnv({ NODE_ENV: "development" })).supergraph).toEqual({ kind: "compose", configFile: path.join(repoRoot, "supergraph.yaml") });
    expect(loadConfig(testEnv({ NODE_ENV: "production", ...secrets })).supergraph).toEqual({ kind: "file", file: path.join(repoRoot, "supergraph.graphql") });
    // An explicit SUPERGRAPH_CONFIG keeps composing in production; SUPERGRAPH_FILE wins over both.
    expect(loadConfig(testEnv({ NODE_ENV: "production", SUPERGRAPH_CONFIG: "/x/supergraph.yaml", ...secrets })).supergraph.kind).toBe("compose");
    expect(loadConfig(testEnv({ SUPERGRAPH_CONFIG: "/x/supergraph.yaml", SUPERGRAPH_FILE: "/x/s.graphql" })).supergraph).toEqual({ kind: "file", file: "/x/s.graphql" });
  });

  it("treats the subgraphs of supergraph.yaml as ours unless OWN_SUBGRAPHS says otherwise", () => {
    expect([...loadConfig(testEnv()).ownSubgraphs].sort()).toEqual(["orders", "payments", "products", "users"]);
    expect([...loadConfig(testEnv({ OWN_SUBGRAPHS: " catalog, shipping " })).ownSubgraphs]).toEqual(["catalog", "shipping"]);
    expect(loadConfig(testEnv({ OWN_SUBGRAPHS: "" })).ownSubgraphs.size).toBe(0);
  });
});
