// User.orderHistory over real HTTP: a shopper's orders one keyset page at a time, newest first, for that shopper only.
import { createLogger } from "@shop/shared/logger";
import { seedOrders, seedUsers } from "@shop/shared/seed-data";
import { callSubgraph, testEnv } from "@shop/shared/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeOrderCursor, encodeOrderCursor } from "../src/domain/order-pages.ts";
import { loadConfig, startOrdersSubgraph } from "../src/subgraph.ts";

const config = loadConfig(testEnv());
let subgraph: Awaited<ReturnType<typeof startOrdersSubgraph>>;
const [ada, grace] = [seedUsers[0]!, seedUsers[1]!];
const adaOrderIds = seedOrders
  .filter((order) => order.userId === ada.id)
  .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
  .map((order) => order.id);

const HISTORY = `query ($r: [_Any!]!, $first: Int, $after: String) {
  _entities(representations: $r) { ... on User { orderHistory(first: $first, after: $after) {
    edges { cursor node { id } } pageInfo { hasNextPage endCursor } totalCount
  } } }
}`;

async function history(of: string, as: string | null, variables: { first?: number; after?: string } = {}) {
  const result = await callSubgraph(subgraph.url, config.serviceKeys, HISTORY, { r: [{ __typename: "User", id: of }], ...variables }, as);
  return { page: result.data?._entities?.[0]?.orderHistory, errors: result.errors };
}

beforeAll(async () => {
  subgraph = await startOrdersSubgraph(config, createLogger("orders", "error"));
});
afterAll(() => subgraph?.stop());

describe("User.orderHistory", () => {
  it("pages through the shopper's orders newest first, each order once, with the total count", async () => {
    const first = await history(ada.id, ada.id, { first: 2 });
    expect(first.errors).toBeUndefined();
    expect(first.page.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual(adaOrderIds.slice(0, 2));
    expect(first.page.pageInfo).toEqual({ hasNextPage: true, endCursor: first.page.edges[1].cursor });
    expect(first.page.totalCount).toBe(adaOrderIds.length);

    const rest = await history(ada.id, ada.id, { first: 2, after: first.page.pageInfo.endCursor });
    expect(rest.page.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual(adaOrderIds.slice(2));
    expect(rest.page.pageInfo.hasNextPage).toBe(false);
  });

  it("shows nobody else's history: FORBIDDEN for another shopper, UNAUTHENTICATED when logged out", async () => {
    expect((await history(ada.id, grace.id)).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await history(ada.id, null)).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("refuses page sizes outside 1 to 100 and cursors it did not issue", async () => {
    for (const first of [0, 101, -1]) expect((await history(ada.id, ada.id, { first })).errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const forged = Buffer.from(JSON.stringify(["yesterday", "not-a-uuid"])).toString("base64url");
    for (const after of ["garbage!", forged, `${encodeOrderCursor({ createdAt: new Date(0), id: adaOrderIds[0]! })}=`]) {
      const { errors } = await history(ada.id, ada.id, { after });
      expect(errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
    }
  });

  it("round-trips its own cursors exactly", () => {
    const key = { createdAt: new Date(Date.UTC(2026, 9, 5, 10, 1)), id: adaOrderIds[0]! };
    expect(decodeOrderCursor(encodeOrderCursor(key))).toEqual(key);
  });
});
