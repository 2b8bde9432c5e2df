// Saved addresses: over HTTP (the account's own only, validation naming the field, saving twice keeps one copy,
// deletion by content), and at the domain level on PGlite and (with TEST_POSTGRES_URL) PostgreSQL, where saves
// racing for the last slots never take a user past the cap.
import { createLogger } from "@shop/shared/logger";
import { seedUsers } from "@shop/shared/seed-data";
import { openServiceDatabase, type ServiceDatabase } from "@shop/shared/service-database";
import { callSubgraph, testEnv } from "@shop/shared/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends, createDatabases, type TestDatabases } from "../../../test/support/databases.ts";
import { PrismaClient } from "../src/__generated__/prisma/client.ts";
import { MAX_SAVED_ADDRESSES, saveAddress } from "../src/domain/addresses.ts";
import { loadConfig, startUsersSubgraph } from "../src/subgraph.ts";

const [ada, grace] = seedUsers as [(typeof seedUsers)[0], (typeof seedUsers)[0]];
const home = { name: "Ada Lovelace", line1: "12 St James's Square", line2: null, city: "London", postalCode: "SW1Y 4JH", country: "GB" };
const code = (error: unknown) => (error as { extensions?: { code?: string } }).extensions?.code;

describe("saved addresses over HTTP", () => {
  const config = loadConfig(testEnv());
  let subgraph: Awaited<ReturnType<typeof startUsersSubgraph>>;
  const call = (query: string, variables: Record<string, unknown> = {}, userId: string | null = null) =>
    callSubgraph(subgraph.url, config.serviceKeys, query, variables, userId);
  const SAVE = `mutation ($i: AddressInput!) { saveAddress(input: $i) { id addresses { name line1 line2 city postalCode country } } }`;
  const DELETE = `mutation ($i: AddressInput!) { deleteAddress(input: $i) { addresses { line1 } } }`;
  const stored = (userId: string) => subgraph.prisma.address.count({ where: { userId } });

  beforeAll(async () => {
    subgraph = await startUsersSubgraph(config, createLogger("users", "error"));
  });
  afterAll(() => subgraph?.stop());

  it("refuses anonymous callers", async () => {
    expect((await call(SAVE, { i: home })).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect((await call(DELETE, { i: home })).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("saves an address, normalised, once however often it is saved, and lists it to the account alone", async () => {
    const typed = { ...home, line1: " 12 St James's Square ", line2: "", country: "gb" };
    for (let i = 0; i < 2; i++) {
      const { data, errors } = await call(SAVE, { i: typed }, ada.id);
      expect(errors).toBeUndefined();
      expect(data?.saveAddress).toEqual({ id: ada.id, addresses: [home] });
    }
    expect(await stored(ada.id)).toBe(1);
    const others = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { addresses { city } } } }`;
    const r = [{ __typename: "User", id: ada.id }];
    expect((await call(others, { r }, grace.id)).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const admin = await callSubgraph(subgraph.url, config.serviceKeys, others, { r }, grace.id, ["users:admin"]);
    expect(admin.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await call(`{ me { addresses { city } } }`, {}, grace.id)).data?.me).toEqual({ addresses: [] });
  });

  it("refuses invalid fields, naming each, and saves nothing", async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ country: "XX" }, "country"],
      [{ country: "GBR" }, "country"],
      [{ name: " " }, "name"],
      [{ line1: "12 St James\u202E's Square" }, "line1"],
      [{ line2: "Flat\u200B 2" }, "line2"],
      [{ city: "x".repeat(101) }, "city"],
      [{ postalCode: "1".repeat(21) }, "postalCode"],
    ];
    for (const [change, field] of cases) {
      const { errors } = await call(SAVE, { i: { ...home, line1: "1 Other Street", ...change } }, grace.id);
      expect(errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
    }
    expect(await stored(grace.id)).toBe(0);
  });

  it(`stops at ${MAX_SAVED_ADDRESSES} addresses with CONFLICT`, async () => {
    for (let i = 0; i < MAX_SAVED_ADDRESSES; i++) {
      expect((await call(SAVE, { i: { ...home, line1: `${i} Grace Street` } }, grace.id)).errors).toBeUndefined();
    }
    const { errors } = await call(SAVE, { i: { ...home, line1: "One Too Many Street" } }, grace.id);
    expect(errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", limit: MAX_SAVED_ADDRESSES });
    expect(await stored(grace.id)).toBe(MAX_SAVED_ADDRESSES);
  });

  it("deletes an address given back as it was listed; NOT_FOUND for one that is not saved", async () => {
    const { data } = await call(DELETE, { i: { ...home, line1: "0 Grace Street" } }, grace.id);
    expect(data?.deleteAddress.addresses).toHaveLength(MAX_SAVED_ADDRESSES - 1);
    expect(data?.deleteAddress.addresses.map((a: { line1: string }) => a.line1)).not.toContain("0 Grace Street");
    const missing = await call(DELETE, { i: { ...home, line1: "0 Grace Street" } }, grace.id);
    expect(missing.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    // Ada's address is Ada's: Grace deleting the same content deletes nothing of Ada's.
    expect((await call(DELETE, { i: home }, grace.id)).errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect(await stored(ada.id)).toBe(1);
  });
});

describe.each(backends)("saved addresses racing on %s", (backend) => {
  let databases: TestDatabases;
  let database: ServiceDatabase<PrismaClient>;

  beforeAll(async () => {
    databases = await createDatabases(backend);
    database = await openServiceDatabase({
      service: "users",
      url: databases.urls.users,
      createClient: (options) => new PrismaClient(options),
      seedMode: "never",
      production: false,
      logger: createLogger("users", "error"),
    });
  }, 60_000);
  afterAll(async () => {
    await database?.close();
    await databases?.drop();
  });

  it(`never lets concurrent saves take a user past ${MAX_SAVED_ADDRESSES}, and keeps one copy of one address saved at once`, async () => {
    const prisma = database.prisma;
    const user = await prisma.user.create({ data: { email: `racer-${backend}@example.com`, name: "Racer", passwordHash: "x" } });
    const saves = Array.from({ length: MAX_SAVED_ADDRESSES + 5 }, (_, i) => saveAddress(prisma, user.id, { ...home, line1: `${i} Race Street` }));
    const results = await Promise.allSettled(saves);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(MAX_SAVED_ADDRESSES);
    expect(results.filter((r) => r.status === "rejected").map((r) => code((r as PromiseRejectedResult).reason))).toEqual(Array(5).fill("CONFLICT"));
    expect(await prisma.address.count({ where: { userId: user.id } })).toBe(MAX_SAVED_ADDRESSES);

    const twin = await prisma.user.create({ data: { email: `twin-${backend}@example.com`, name: "Twin", passwordHash: "x" } });
    await Promise.all(Array.from({ length: 4 }, () => saveAddress(prisma, twin.id, home)));
    expect(await prisma.address.count({ where: { userId: twin.id } })).toBe(1);
  }, 60_000);
});
