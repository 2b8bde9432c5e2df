// The peers load the repository's supergraph as the bench hands it to them. Stock @apollo/gateway refuses a
// supergraph that links the authorization features; a bench run would otherwise leave it out.
import { readFileSync } from "node:fs";
import path from "node:path";
import { ApolloGateway } from "@apollo/gateway";
import { repoRoot } from "@shop/shared/paths";
import { describe, expect, it } from "vitest";
import { peerSupergraph } from "../src/gateways.ts";

const supergraphSdl = readFileSync(path.join(repoRoot, "supergraph.graphql"), "utf8");

async function load(sdl: string) {
  const gateway = new ApolloGateway({ supergraphSdl: sdl });
  try {
    return (await gateway.load()).schema;
  } finally {
    await gateway.stop();
  }
}

describe("the peers' supergraph", () => {
  it("is the supergraph stock @apollo/gateway refuses as it is", async () => {
    await expect(load(supergraphSdl)).rejects.toThrow(/SECURITY but is unsupported/);
  });

  it("loads in stock @apollo/gateway with the same API", async () => {
    const schema = await load(peerSupergraph(supergraphSdl));
    const fields = (type: string) => Object.keys((schema.getType(type) as { getFields(): object }).getFields()).sort();
    expect(fields("Query")).toEqual(expect.arrayContaining(["me", "product", "products", "order"]));
    expect(fields("Mutation")).toEqual(expect.arrayContaining(["login", "placeOrder", "payOrder", "refundPayment"]));
    expect(fields("User")).toContain("orderHistory");
  });
});
