// Supergraphs that use @authenticated, @requiresScopes and @policy: the gateway is served them without the
// authorization features (which stock @apollo/gateway refuses) and plans the same API; the router loads such a
// file, serves it and hot-reloads a change of the directives alone (and enforces the new rule).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { composeServices } from "@apollo/composition";
import { printSchema, Supergraph } from "@apollo/federation-internals";
import { eventually, postGraphQL, testEnv } from "@shop/shared/testing";
import { signAccessToken } from "@shop/shared/user-token";
import { parse } from "graphql";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSupergraph, gatewaySupergraph } from "../../src/authorization/security-features.ts";
import { loadConfig } from "../../src/config.ts";
import { type RunningRouter, startRouter } from "../../src/server.ts";
import { metric } from "../support/metrics.ts";
import { type SecuredSubgraphs, startSecuredSubgraphs } from "../support/secured-supergraph.ts";

const compose = (sdl: string) => {
  const result = composeServices([{ name: "one", url: "http://127.0.0.1:9/graphql", typeDefs: parse(sdl) }]);
  if (result.errors) throw new Error(result.errors.map((error) => error.message).join("\n"));
  return result.supergraphSdl;
};
const apiOf = (supergraph: Supergraph) => printSchema(supergraph.apiSchema());

describe("supergraphs with authorization directives", () => {
  let secured: SecuredSubgraphs;
  let router: RunningRouter;
  let file: string;
  const logs: Array<Record<string, any>> = [];

  beforeAll(async () => {
    secured = await startSecuredSubgraphs();
    file = path.join(mkdtempSync(path.join(tmpdir(), "secured-supergraph-")), "supergraph.graphql");
    writeFileSync(file, secured.supergraph());
    router = await startRouter(loadConfig(testEnv({ SUPERGRAPH_FILE: file, SUPERGRAPH_POLL_MS: "100" })), {
      logger: pino({ level: "info" }, { write: (line: string) => logs.push(JSON.parse(line)) }),
    });
  });
  afterAll(async () => {
    await router?.stop();
    await secured?.stop();
  });

  it("gives the gateway the same supergraph without the features it refuses, with the same API", () => {
    const full = secured.supergraph();
    expect(() => Supergraph.build(full)).toThrow(/authenticated\/v0.1 is for: SECURITY but is unsupported/);
    const stripped = gatewaySupergraph(full);
    expect(stripped).not.toMatch(/authenticated|requiresScopes|policy/);
    // Stock federation (what @apollo/gateway runs) accepts it and derives the API the full supergraph has.
    expect(apiOf(Supergraph.build(stripped))).toBe(apiOf(buildSupergraph(full)));
    expect(stripped).toContain("join__Graph");
  });

  it("strips directives renamed by an import, and leaves a supergraph without them as it is", () => {
    const renamed = compose(`extend schema @link(url: "https://specs.apollo.dev/federation/v2.9",
        import: ["@key", { name: "@authenticated", as: "@signedIn" }, { name: "@requiresScopes", as: "@scoped" }])
      type Query { secret: String @signedIn  staff: Int @scoped(scopes: [["a"]])  open: Int }`);
    expect(renamed).toContain("@signedIn");
    const stripped = gatewaySupergraph(renamed);
    expect(stripped).not.toMatch(/signedIn|scoped|requiresScopes/);
    expect(() => Supergraph.build(stripped)).not.toThrow();
    const plain = compose(`extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])
      type Query { open: Int }`);
    expect(gatewaySupergraph(plain)).toBe(plain);
  });

  it("still refuses a SECURITY feature the router does not enforce", () => {
    const withContext = secured
      .supergraph()
      .replace(/@link\(url: "https:\/\/specs.apollo.dev\/join\/v0.5", for: EXECUTION\)/, '$&\n  @link(url: "https://specs.apollo.dev/context/v0.1", for: SECURITY)');
    expect(withContext).toContain("context/v0.1");
    expect(() => buildSupergraph(withContext)).toThrow(/context\/v0.1 is for: SECURITY but is unsupported/);
  });

  it("serves a supergraph file that uses the directives, across both subgraphs", async () => {
    const { data, errors } = await postGraphQL(`${router.url}/graphql`, `{
      notice
      members { id name }
      feed { __typename ... on Announcement { text } }
    }`);
    expect(errors).toBeUndefined();
    expect(data).toEqual({
      notice: "Open on Sundays",
      members: [
        { id: "m1", name: "Ada" },
        { id: "m2", name: "Grace" },
      ],
      feed: [{ __typename: "Announcement", text: "Hello" }, { __typename: "Invoice" }],
    });
  });

  it("reloads a change of the directives alone", async () => {
    const applied = async () => metric(await (await fetch(router.metricsUrl)).text(), "supergraph_updates_total", { outcome: "applied" }) ?? 0;
    const before = await applied();
    writeFileSync(file, secured.supergraph({ memberEmail: '@requiresScopes(scopes: [["staff:read"]])' }));
    await eventually(async () => (await applied()) === before + 1, { timeoutMs: 15_000 });
    expect(logs.filter((line) => line.level >= 50)).toEqual([]);
    expect((await postGraphQL(`${router.url}/graphql`, "{ notice }")).data).toEqual({ notice: "Open on Sundays" });
    // The router enforces the new rule: a signed-in customer no longer sees Member.email.
    const customer = { authorization: `Bearer ${await signAccessToken(testEnv().JWT_SECRET!, { userId: "customer" })}` };
    const { data, errors } = await postGraphQL(`${router.url}/graphql`, '{ member(id: "m1") { name email } }', {}, customer);
    expect(data).toEqual({ member: { name: "Ada", email: null } });
    expect(errors?.map((error) => [error.extensions?.code, error.path])).toEqual([["FORBIDDEN", ["member", "email"]]]);
  });
});
