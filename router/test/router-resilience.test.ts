// The router under failure: a bad schema pushed while serving, a good one hot-swapped under load, a graceful
// stop with a slow request in flight, and the payments subgraph killed (partial results, router stays up).
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { repoRoot } from "@shop/shared/paths";
import { eventually, postGraphQL } from "@shop/shared/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Stack, startStack } from "../../test/support/stack.ts";
import { metric } from "./support/metrics.ts";

const INTERNALS = /stacktrace|127\.0\.0\.1|localhost|ECONNREFUSED|fetch failed|serviceName|:\d{4,5}/i;

/** Copies supergraph.yaml and the subgraph SDLs it names into a temporary directory, same layout. */
function copySupergraph(): { dir: string; config: string; sdl: (service: string) => string } {
  const dir = mkdtempSync(path.join(tmpdir(), "supergraph-"));
  cpSync(path.join(repoRoot, "supergraph.yaml"), path.join(dir, "supergraph.yaml"));
  for (const service of ["users", "products", "orders", "payments"]) {
    mkdirSync(path.join(dir, "subgraphs", service, "src"), { recursive: true });
    cpSync(path.join(repoRoot, "subgraphs", service, "src", "schema.graphql"), path.join(dir, "subgraphs", service, "src", "schema.graphql"));
  }
  return { dir, config: path.join(dir, "supergraph.yaml"), sdl: (service) => path.join(dir, "subgraphs", service, "src", "schema.graphql") };
}


describe("router resilience", () => {
  let stack: Stack;
  let adaToken: string;
  beforeAll(async () => {
    stack = await startStack("pglite");
    adaToken = await stack.login("ada@example.com");
  });
  afterAll(() => stack?.stop());

  it("rejects a schema change that does not compose and hot-swaps one that does, without failing requests", async () => {
    const files = copySupergraph();
    const router = await stack.startRouter({ SUPERGRAPH_CONFIG: files.config, SUPERGRAPH_POLL_MS: "100" });
    const description = async () => {
      const { data } = await postGraphQL(router.graphqlUrl, `{ __type(name: "Product") { fields { name description } } }`);
      return (data?.__type.fields as Array<{ name: string; description: string }>).find((f) => f.name === "name")?.description;
    };
    expect(await description()).toBe("Display name.");

    // Keep queries flowing through both changes: none may fail.
    let running = true;
    const failures: unknown[] = [];
    let served = 0;
    const load = (async () => {
      while (running) {
        const { data, errors } = await postGraphQL(router.graphqlUrl, `{ products(first: 2) { edges { node { name } } } }`);
        if (errors || data?.products.edges.length !== 2) failures.push(errors);
        served++;
      }
    })();

    const original = readFileSync(files.sdl("products"), "utf8");
    // Breaks composition: the orders subgraph's Product key no longer matches a field of products.
    writeFileSync(files.sdl("products"), original.replace(/@key\(fields: "id"\)/, '@key(fields: "sku")').replace("  id: ID!\n", ""));
    await eventually(async () => (metric(await (await fetch(router.metricsUrl)).text(), "supergraph_updates_total", { outcome: "rejected" }) ?? 0) >= 1);
    expect(await description()).toBe("Display name.");
    writeFileSync(files.sdl("products"), "type Query { this is not graphql");
    await eventually(async () => (metric(await (await fetch(router.metricsUrl)).text(), "supergraph_updates_total", { outcome: "rejected" }) ?? 0) >= 2);
    expect(await description()).toBe("Display name.");

    writeFileSync(files.sdl("products"), original.replace('"Display name."', '"Name shown to shoppers."'));
    await eventually(async () => (await description()) === "Name shown to shoppers.");
    expect(metric(await (await fetch(router.metricsUrl)).text(), "supergraph_updates_total", { outcome: "applied" })).toBe(1);
    running = false;
    await load;
    expect(failures).toEqual([]);
    expect(served).toBeGreaterThan(5);
    await router.stop();
  });

  it("lets an in-flight request finish on stop and refuses new ones", async () => {
    // A slow link in front of the products subgraph: every request to it takes 700 ms.
    const target = new URL(stack.subgraphs.products.url);
    const proxy = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", async () => {
        await delay(700);
        const headers = Object.fromEntries(["content-type", "x-shop-credential", "x-request-id"].map((name) => [name, String(req.headers[name] ?? "")]));
        const upstream = await fetch(target, { method: "POST", headers, body: Buffer.concat(chunks) });
        res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/json" });
        res.end(Buffer.from(await upstream.arrayBuffer()));
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}/graphql`;
    const supergraph = (await import("../../router/src/supergraph.ts")).readSupergraphConfig(path.join(repoRoot, "supergraph.yaml"), {
      USERS_URL: stack.subgraphs.users.url,
      PRODUCTS_URL: proxyUrl,
      ORDERS_URL: stack.subgraphs.orders.url,
      PAYMENTS_URL: stack.subgraphs.payments.url,
    });
    const router = await stack.startRouter({}, { supergraph });
    const slow = postGraphQL(router.graphqlUrl, `{ products(first: 3) { edges { node { name } } } }`);
    await delay(200);
    const stopping = router.stop();
    await delay(100);
    await expect(fetch(`${router.url}/health`)).rejects.toThrow();
    const { data, errors } = await slow;
    expect(errors).toBeUndefined();
    expect(data?.products.edges).toHaveLength(3);
    await stopping;
    proxy.close();
  });

  it("answers Ada's orders with errors only at payment paths when payments is down, and stays up", async () => {
    await stack.subgraphs.payments.stop();
    const { status, data, errors } = await stack.query(
      `{ me { name orders { id totalCents items { quantity product { name } } payment { status amountCents } } } }`,
      {},
      adaToken,
    );
    expect(status).toBe(200);
    expect(data?.me.name).toBe("Ada Lovelace");
    const orders = data?.me.orders as Array<any>;
    expect(orders).toHaveLength(3);
    for (const order of orders) {
      expect(order.payment).toBeNull();
      expect(order.totalCents).toBeGreaterThan(0);
      for (const item of order.items) expect(typeof item.product.name).toBe("string");
    }
    expect(errors?.length).toBeGreaterThan(0);
    for (const error of errors ?? []) {
      expect(error.extensions?.code).toBe("SERVICE_UNAVAILABLE");
      expect(error.path?.at(-1)).toBe("payment");
    }
    expect(JSON.stringify(errors)).not.toMatch(INTERNALS);

    expect((await fetch(`${stack.router.url}/health`)).status).toBe(200);
    // Still ready: the router serves everything but payments' fields (its readiness is its own state only).
    expect((await fetch(`${stack.router.url}/ready`)).status).toBe(200);
    const catalog = await stack.query(`{ products(first: 1) { totalCount } }`);
    expect(catalog.data?.products.totalCount).toBe(26);
    const retries = metric(await (await fetch(stack.router.metricsUrl)).text(), "subgraph_fetch_retries_total", { subgraph: "payments" });
    expect(retries).toBe(2);
  });
});
