// The router in front of a supergraph that is not ours, served from a pre-composed file: queries across two
// foreign subgraphs (@key, @requires, @provides, @override, @inaccessible, an interface entity, a union), none
// of our credentials or internal headers sent to them, the file swapped under a stream of requests, invalid
// files refused while the old supergraph keeps serving, /health before a file exists, and `--supergraph`.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { CREDENTIAL_HEADER } from "@shop/shared/identity";
import { REQUEST_ID_HEADER } from "@shop/shared/http-server";
import { repoRoot } from "@shop/shared/paths";
import { eventually, freePort, postGraphQL, testEnv, waitForUrl } from "@shop/shared/testing";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { type RunningRouter, startRouter } from "../src/server.ts";
import { type ForeignSubgraphs, startForeignSubgraphs } from "./support/foreign-supergraph.ts";
import { metric } from "./support/metrics.ts";

const ACROSS = `{
  book(id: "b1") { title weightGrams shippingCents stock author { name } }
  media { __typename id title reviewCount ... on Film { minutes } ... on Album { tracks } }
  search(text: "a") { __typename ... on Book { title shippingCents } ... on Author { name } }
}`;


describe("router on a foreign supergraph file", () => {
  let foreign: ForeignSubgraphs;
  let dir: string;
  let file: string;
  let router: RunningRouter;
  let graphqlUrl: string;
  const logs: Array<Record<string, any>> = [];
  const extraRouters: RunningRouter[] = [];

  const start = (env: Record<string, string> = {}, supergraphFile = file, subgraphUrls: NodeJS.ProcessEnv = {}) =>
    startRouter(loadConfig(testEnv({ SUPERGRAPH_FILE: supergraphFile, SUPERGRAPH_POLL_MS: "100", ...env })), {
      logger: pino({ level: "info" }, { write: (line: string) => logs.push(JSON.parse(line)) }),
      subgraphUrls,
    });

  beforeAll(async () => {
    foreign = await startForeignSubgraphs();
    dir = mkdtempSync(path.join(tmpdir(), "foreign-supergraph-"));
    file = path.join(dir, "supergraph.graphql");
    writeFileSync(file, foreign.supergraph());
    router = await start();
    graphqlUrl = `${router.url}/graphql`;
  });
  afterAll(async () => {
    await Promise.all(extraRouters.map((extra) => extra.stop()));
    await router?.stop();
    await foreign?.stop();
  });

  it("plans across both subgraphs: @requires, @override, an interface entity and a union", async () => {
    const { status, data, errors } = await postGraphQL(graphqlUrl, ACROSS);
    expect(errors).toBeUndefined();
    expect(status).toBe(200);
    // shippingCents needs the catalog's weight (@requires); stock comes from shipping, which overrides the catalog's -1.
    expect(data?.book).toEqual({ title: "The Dispossessed", weightGrams: 400, shippingCents: 399, stock: 7, author: { name: "Ursula K. Le Guin" } });
    // Media is an interface entity; shipping adds reviewCount to every implementation through @interfaceObject.
    expect(data?.media).toEqual([
      { __typename: "Film", id: "f1", title: "Tales from Earthsea", reviewCount: 20, minutes: 115 },
      { __typename: "Album", id: "m1", title: "Music of Earthsea", reviewCount: 20, tracks: 12 },
    ]);
    // A union of a Book (whose shippingCents the router fetches from shipping) and an Author.
    expect(data?.search).toEqual([
      { __typename: "Book", title: "The Lathe of Heaven", shippingCents: 349 },
      { __typename: "Author", name: "Ursula K. Le Guin" },
    ]);
  });

  it("answers a @provides field from the providing subgraph without asking the owner", async () => {
    const catalogBefore = foreign.catalog.requests.length;
    const shippingBefore = foreign.shipping.requests.length;
    const { data, errors } = await postGraphQL(graphqlUrl, "{ staffPick { id title } }");
    expect(errors).toBeUndefined();
    expect(data?.staffPick).toEqual({ id: "b2", title: "The Lathe of Heaven (staff pick)" });
    expect(foreign.shipping.requests.length).toBe(shippingBefore + 1);
    expect(foreign.catalog.requests.length).toBe(catalogBefore);
    // Asking for a field shipping does not provide makes the router fetch it from the catalog.
    const more = await postGraphQL(graphqlUrl, "{ staffPick { title weightGrams } }");
    expect(more.data?.staffPick).toEqual({ title: "The Lathe of Heaven (staff pick)", weightGrams: 250 });
    expect(foreign.catalog.requests.length).toBe(catalogBefore + 1);
  });

  it("keeps an @inaccessible field out of the API: not queryable, not introspectable", async () => {
    const hidden = await postGraphQL(graphqlUrl, `{ book(id: "b1") { internalCode } }`);
    expect(hidden.status).toBe(400);
    expect(hidden.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(hidden.data).toBeUndefined();
    const type = await postGraphQL(graphqlUrl, `{ __type(name: "Book") { fields { name } } }`);
    const fields = type.data?.__type.fields.map((field: { name: string }) => field.name);
    expect(fields).toContain("shippingCents");
    expect(fields).not.toContain("internalCode");
  });

  it("sends foreign subgraphs none of our credential or internal headers; a subgraph named in OWN_SUBGRAPHS gets them", async () => {
    await postGraphQL(graphqlUrl, ACROSS);
    for (const headers of [...foreign.catalog.requests, ...foreign.shipping.requests]) {
      expect(headers[CREDENTIAL_HEADER]).toBeUndefined();
      expect(headers[REQUEST_ID_HEADER]).toBeUndefined();
    }
    const owning = await start({ OWN_SUBGRAPHS: "catalog", SUPERGRAPH_WATCH: "false" });
    extraRouters.push(owning);
    const [catalogBefore, shippingBefore] = [foreign.catalog.requests.length, foreign.shipping.requests.length];
    expect((await postGraphQL(`${owning.url}/graphql`, ACROSS)).errors).toBeUndefined();
    const catalogNew = foreign.catalog.requests.slice(catalogBefore);
    const shippingNew = foreign.shipping.requests.slice(shippingBefore);
    expect(catalogNew.length).toBeGreaterThan(0);
    expect(shippingNew.length).toBeGreaterThan(0);
    for (const headers of catalogNew) expect(headers[CREDENTIAL_HEADER]).toMatch(/^ey/);
    for (const headers of shippingNew) expect(headers[CREDENTIAL_HEADER]).toBeUndefined();
  });

  it("is ready once the supergraph is loaded, without asking subgraphs for a /ready they do not have", async () => {
    expect((await fetch(`${router.url}/health`)).status).toBe(200);
    expect((await fetch(`${router.url}/ready`)).status).toBe(200);
    // Treating the catalog as ours changes what it is sent, not the router's readiness.
    const owning = extraRouters[0]!;
    expect((await fetch(`${owning.url}/ready`)).status).toBe(200);
  });

  it("routes a subgraph to <NAME>_URL instead of the file's URL", async () => {
    const elsewhere = path.join(dir, "elsewhere.graphql");
    writeFileSync(elsewhere, foreign.supergraph({ catalogUrl: "http://127.0.0.1:9/graphql" }));
    const stale = await start({ SUPERGRAPH_WATCH: "false" }, elsewhere);
    extraRouters.push(stale);
    const refused = await postGraphQL(`${stale.url}/graphql`, `{ book(id: "b1") { title } }`);
    expect(refused.errors?.[0]?.extensions?.code).toBe("SERVICE_UNAVAILABLE");
    const overridden = await start({ SUPERGRAPH_WATCH: "false" }, elsewhere, { CATALOG_URL: foreign.catalog.url });
    extraRouters.push(overridden);
    const { data, errors } = await postGraphQL(`${overridden.url}/graphql`, `{ book(id: "b1") { title stock } }`);
    expect(errors).toBeUndefined();
    expect(data?.book).toEqual({ title: "The Dispossessed", stock: 7 });
  });

  it("swaps in a new supergraph file while requests run: none fails, the new field appears", async () => {
    const before = await postGraphQL(graphqlUrl, `{ book(id: "b1") { pages } }`);
    expect(before.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    let running = true;
    const failures: string[] = [];
    let served = 0;
    const worker = async () => {
      while (running) {
        const { status, errors, data } = await postGraphQL(graphqlUrl, ACROSS);
        if (status !== 200 || errors || !data?.book) failures.push(`${status} ${JSON.stringify(errors)}`);
        served++;
      }
    };
    const workers = Array.from({ length: 4 }, worker);
    await eventually(async () => served > 8, { timeoutMs: 15_000 });
    writeFileSync(file, foreign.supergraph({ withPages: true }));
    await eventually(async () => (await postGraphQL(graphqlUrl, `{ book(id: "b1") { pages } }`)).data?.book?.pages === 387, { timeoutMs: 15_000 });
    const afterSwap = served;
    await eventually(async () => served > afterSwap + 8, { timeoutMs: 15_000 });
    running = false;
    await Promise.all(workers);
    expect(failures).toEqual([]);
    const metrics = await (await fetch(router.metricsUrl)).text();
    expect(metric(metrics, "supergraph_updates_total", { outcome: "applied" })).toBeGreaterThanOrEqual(1);
    expect(logs.some((line) => line.msg === "supergraph reloaded")).toBe(true);
  });

  it("refuses an invalid file with a clear message and keeps serving the previous supergraph", async () => {
    writeFileSync(file, foreign.supergraph({ withPages: true }));
    await eventually(async () => (await postGraphQL(graphqlUrl, `{ book(id: "b2") { pages } }`)).data?.book?.pages === 184, { timeoutMs: 15_000 });
    const rejectedBefore = metric(await (await fetch(router.metricsUrl)).text(), "supergraph_updates_total", { outcome: "rejected" }) ?? 0;
    const problems = (pattern: RegExp) => logs.filter((line) => line.level === 50 && pattern.test(line.err?.message ?? ""));

    writeFileSync(file, "type Query {");
    await eventually(async () => problems(/is not valid GraphQL: Syntax Error/).length > 0, { timeoutMs: 15_000 });
    writeFileSync(file, "type Query { hello: String }");
    await eventually(async () => problems(/is not a valid Federation 2 supergraph/).length > 0, { timeoutMs: 15_000 });
    const rejected = problems(/supergraph\.graphql is not/);
    expect(rejected[0]?.err.message).toContain(file);
    expect(rejected[0]?.msg).toMatch(/the previous supergraph keeps serving/);

    const still = await postGraphQL(graphqlUrl, `{ book(id: "b2") { title pages stock } }`);
    expect(still.errors).toBeUndefined();
    expect(still.data?.book).toEqual({ title: "The Lathe of Heaven", pages: 184, stock: 3 });
    const metrics = await (await fetch(router.metricsUrl)).text();
    expect(metric(metrics, "supergraph_updates_total", { outcome: "rejected" })).toBeGreaterThanOrEqual(rejectedBefore + 2);
    expect((await fetch(`${router.url}/health`)).status).toBe(200);
    writeFileSync(file, foreign.supergraph({ withPages: true }));
  });

  it("answers /health 503 until a supergraph file appears, then serves it", async () => {
    const later = path.join(dir, "later.graphql");
    const port = await freePort();
    const starting = start({ PORT: String(port), SUPERGRAPH_WATCH: "false" }, later);
    const base = `http://127.0.0.1:${port}`;
    await eventually(async () => (await fetch(`${base}/health`).catch(() => undefined))?.status === 503, { timeoutMs: 15_000 });
    expect((await fetch(`${base}/ready`)).status).toBe(503);
    const early = await postGraphQL(`${base}/graphql`, "{ __typename }");
    expect(early.status).toBe(503);
    expect(early.errors?.[0]?.extensions?.code).toBe("SERVICE_UNAVAILABLE");
    expect(logs.some((line) => line.msg?.includes("waiting for a valid one") && line.err?.message.includes("ENOENT"))).toBe(true);

    writeFileSync(later, foreign.supergraph());
    const late = await starting;
    extraRouters.push(late);
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect((await postGraphQL(`${base}/graphql`, `{ book(id: "b1") { stock } }`)).data?.book).toEqual({ stock: 7 });
  });

  it("`router/src/main.ts --supergraph <file> --port <n>` serves the file, at / as well as /graphql", async () => {
    const port = await freePort();
    const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "router/src/main.ts", "--supergraph", file, "--port", String(port)], {
      cwd: repoRoot,
      env: { ...process.env, ...testEnv({ PORT: "1", LOG_LEVEL: "warn" }) },
      stdio: "ignore",
    });
    try {
      await waitForUrl(`http://127.0.0.1:${port}/health`, 60_000);
      for (const route of ["/", "/graphql"]) {
        const { data, errors } = await postGraphQL(`http://127.0.0.1:${port}${route}`, `{ book(id: "b1") { title stock } }`);
        expect(errors).toBeUndefined();
        expect(data?.book).toEqual({ title: "The Dispossessed", stock: 7 });
      }
    } finally {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    }
  });
});
