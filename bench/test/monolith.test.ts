// The reference monolith answers every bench scenario with exactly the data our router gives on the same seed,
// runs the checkout chain in-process, and counts its SQL statements.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createLogger } from "@shop/shared/logger";
import { repoRoot } from "@shop/shared/paths";
import { postGraphQL } from "@shop/shared/testing";
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack } from "../../test/support/stack.ts";
import { composeFromConfig } from "../../tools/schema/compose.ts";
import { monolithApiSchema } from "../src/monolith/api-schema.ts";
import { CANCEL, checkStep, PAY, PLACE, type Step, stepBody, withoutIds } from "../src/checkout.ts";
import { benchDatabases } from "../src/databases.ts";
import { sumSeries } from "../src/metrics.ts";
import { type Domains, openDomains } from "../src/monolith/domains.ts";
import { bindResolvers } from "../src/monolith/schema.ts";
import { createQueryCounter, type MonolithServer, startMonolithServer } from "../src/monolith/server.ts";
import { ada, grace, scenarios } from "../src/scenarios.ts";
import { benchShoppers, SHOPPER_PASSWORD } from "../src/shoppers.ts";

const shoppers = benchShoppers(3);

let stack: Awaited<ReturnType<typeof startStack>>;
let domains: Domains;
let monolith: MonolithServer;
let workDir: string;

beforeAll(async () => {
  stack = await startStack("pglite");
  workDir = mkdtempSync(path.join(tmpdir(), "shop-bench-test-"));
  const urls = await benchDatabases(workDir, undefined, shoppers).create("monolith");
  const registry = new Registry();
  const logger = createLogger("monolith", process.env.TEST_LOG_LEVEL ?? "fatal");
  domains = await openDomains({ databaseUrls: urls, jwtSecret: stack.secrets.jwt, logger, countQuery: createQueryCounter(registry) });
  const composition = composeFromConfig(path.join(repoRoot, "supergraph.yaml"));
  if (!composition.ok) throw new Error("the supergraph does not compose");
  const schema = bindResolvers(monolithApiSchema(composition.supergraphSdl), domains.domains);
  monolith = await startMonolithServer({ schema, domains: domains.domains, jwtSecret: stack.secrets.jwt, registry, logger, port: 0, host: "127.0.0.1" });
});

afterAll(async () => {
  await monolith?.close();
  await domains?.close();
  await stack?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

const LOGIN = "mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token } }";
async function loginAt(url: string, email: string, password: string): Promise<string> {
  const result = await postGraphQL<{ login: { token: string } }>(url, LOGIN, { e: email, p: password });
  expect(result.errors).toBeUndefined();
  return result.data!.login.token;
}

describe("the reference monolith", () => {
  for (const scenario of scenarios.filter((s) => s.shopper === "many")) {
    // The router's test stack has the demo data only; the monolith's databases also hold the bench shoppers.
    it(`answers ${scenario.name} with each bench shopper's own data`, async () => {
      for (const shopper of shoppers) {
        const token = await loginAt(monolith.url, shopper.email, SHOPPER_PASSWORD);
        const answer = await postGraphQL(monolith.url, scenario.query!, {}, { authorization: `Bearer ${token}` });
        expect(answer.errors).toBeUndefined();
        scenario.checkShopper!(answer.data, shopper);
      }
    });
  }

  for (const scenario of scenarios.filter((s) => s.query && s.shopper !== "many")) {
    it(`answers ${scenario.name} with the router's data`, async () => {
      const headersAt = async (url: string): Promise<Record<string, string>> =>
        scenario.shopper === "anonymous" ? {} : { authorization: `Bearer ${await loginAt(url, ada.email, ada.password)}` };
      const router = await postGraphQL(stack.url, scenario.query!, {}, await headersAt(stack.url));
      const ours = await postGraphQL(monolith.url, scenario.query!, {}, await headersAt(monolith.url));
      expect(router.errors).toBeUndefined();
      expect(ours.errors).toBeUndefined();
      scenario.check!(ours.data);
      expect(JSON.stringify(ours.data)).toBe(JSON.stringify(router.data));
    });
  }

  it("runs the checkout chain (place, pay; place, cancel) in-process with the router's answers", async () => {
    const queries: Record<Step, string> = { place: PLACE, pay: PAY, cancel: CANCEL };
    const chain = async (url: string) => {
      const headers = { authorization: `Bearer ${await loginAt(url, grace.email, grace.password)}` };
      const answers: string[] = [];
      for (const steps of [["place", "pay"], ["place", "cancel"]] as Step[][]) {
        let orderId: string | undefined;
        for (const step of steps) {
          const { variables } = JSON.parse(stepBody(step, orderId)) as { variables: Record<string, unknown> };
          const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ query: queries[step], variables }) });
          const text = await response.text();
          orderId = checkStep(step, response.status, text, orderId);
          answers.push(withoutIds(text));
        }
      }
      return answers;
    };
    expect(await chain(monolith.url)).toEqual(await chain(stack.url));
  });

  it("counts its SQL statements and refuses a bad token like the router", async () => {
    const page = await monolith.registry.metrics();
    expect(sumSeries(page, "db_queries_total")).toBeGreaterThan(0);
    const bad = await postGraphQL(monolith.url, "{ me { id } }", {}, { authorization: "Bearer nope" });
    expect(bad.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });
});
