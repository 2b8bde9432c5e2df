// A field that only a non-resolvable @interfaceObject adds to an interface that has no implementation: no subgraph
// can answer it where the query reaches it. Stock @apollo/gateway 2.14 planned nothing and answered `null` with no
// error; the patched planner refuses the operation, so the client learns that its query cannot be served.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchNodes, link, type PlannerFixture, startPlannerFixture } from "./planner-fixture.ts";

/** Serves `featured` as the interface Listing, which no object type of this subgraph implements. */
const storefront = {
  name: "storefront",
  sdl: `${link("@key")}
    interface Listing @key(fields: "id") { id: ID! }
    type Query { featured: Listing }`,
  resolvers: {
    Query: { featured: () => ({ __typename: "Listing", id: "l1" }) },
    Listing: { __resolveType: () => null },
  },
};

/** Adds a rating to listings through an interface object it cannot be entered with, and serves its own listing. */
const ratings = {
  name: "ratings",
  sdl: `${link("@key", "@interfaceObject")}
    type Listing @key(fields: "id", resolvable: false) @interfaceObject { id: ID! stars: Int }
    type Query { topRated: Listing }`,
  resolvers: {
    Query: { topRated: () => ({ id: "l9", stars: 5 }) },
    Listing: { stars: (listing: { stars: number }) => listing.stars },
  },
};

describe("a field no subgraph can answer where the query reaches it", () => {
  let fixture: PlannerFixture;
  beforeAll(async () => {
    fixture = await startPlannerFixture([storefront, ratings]);
  });
  afterAll(async () => {
    await fixture?.stop();
  });

  it("fails to plan instead of planning nothing", () => {
    expect(() => fixture.plan("{ featured { stars } }")).toThrow(/stars/);
  });

  it("answers the client an error and no data, and asks no subgraph", async () => {
    fixture.clear();
    const { data, errors } = await fixture.query("{ featured { stars } }");
    expect(data ?? null).toBeNull();
    expect(errors).toHaveLength(1);
    expect(fixture.received).toEqual([]);
  });

  it("still plans the fields that can be answered, from the interface object's own subgraph too", async () => {
    expect(fetchNodes(fixture.plan("{ featured { id } }")).map((fetch) => fetch.serviceName)).toEqual(["storefront"]);
    const { data, errors } = await fixture.query("{ topRated { id stars } }");
    expect(errors).toBeUndefined();
    expect(data?.topRated).toEqual({ id: "l9", stars: 5 });
  });
});
