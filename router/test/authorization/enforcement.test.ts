// The router enforces @authenticated, @requiresScopes and @policy of a foreign supergraph (two subgraphs on free
// ports, composed in the test) before planning: for anonymous, customer and staff callers exactly the
// unauthorized paths come back null with UNAUTHENTICATED or FORBIDDEN at their path, the rest is served; fields
// reached through fragments, an interface, a union and entity references (_entities) are covered; a removed
// non-null field nulls its parent; a refused mutation and an operation with nothing left reach no subgraph;
// AUTHORIZATION_MODE=reject refuses the whole request.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { postGraphQL, testEnv } from "@shop/shared/testing";
import { signAccessToken } from "@shop/shared/user-token";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { type RunningRouter, startRouter } from "../../src/server.ts";
import { type SecuredSubgraphs, startSecuredSubgraphs } from "../support/secured-supergraph.ts";

const env = testEnv();
type Caller = "anonymous" | "customer" | "staff" | "admin";
const SCOPES: Record<Exclude<Caller, "anonymous">, string[]> = { customer: [], staff: ["staff:read", "payroll:read"], admin: ["admin"] };

describe("authorization enforced by the router", () => {
  let secured: SecuredSubgraphs;
  let router: RunningRouter;
  let rejecting: RunningRouter;
  const headers: Partial<Record<Caller, Record<string, string>>> = { anonymous: {} };

  beforeAll(async () => {
    secured = await startSecuredSubgraphs();
    const file = path.join(mkdtempSync(path.join(tmpdir(), "authorization-")), "supergraph.graphql");
    writeFileSync(file, secured.supergraph());
    const start = (mode: string) => startRouter(loadConfig({ ...env, SUPERGRAPH_FILE: file, SUPERGRAPH_WATCH: "false", AUTHORIZATION_MODE: mode }));
    [router, rejecting] = await Promise.all([start("filter"), start("reject")]);
    for (const [caller, scopes] of Object.entries(SCOPES)) {
      headers[caller as Caller] = { authorization: `Bearer ${await signAccessToken(env.JWT_SECRET!, { userId: `user-${caller}`, scopes })}` };
    }
  });
  afterAll(async () => {
    await Promise.all([router?.stop(), rejecting?.stop()]);
    await secured?.stop();
  });

  const ask = (caller: Caller, query: string, variables: Record<string, unknown> = {}, target = router) =>
    postGraphQL(`${target.url}/graphql`, query, variables, headers[caller]);
  /** The errors as `code path` lines, in a stable order. */
  const denied = (errors: Array<{ path?: Array<string | number>; extensions?: Record<string, any> }> | undefined) =>
    (errors ?? []).map((error) => `${error.extensions?.code} ${error.path?.join(".")}`).sort();
  /** Subgraph requests made while `run` ran. */
  const requestsDuring = async (run: () => Promise<unknown>) => {
    const before = secured.directory.operations.length + secured.billing.operations.length;
    await run();
    return secured.directory.operations.length + secured.billing.operations.length - before;
  };

  it("removes root fields by caller: @authenticated, @requiresScopes and @policy (denied without an evaluator)", async () => {
    const query = "{ notice me { name } staffNotes auditLog }";
    const anonymous = await ask("anonymous", query);
    expect(anonymous.data).toEqual({ notice: "Open on Sundays", me: null, staffNotes: null, auditLog: null });
    expect(denied(anonymous.errors)).toEqual(["UNAUTHENTICATED auditLog", "UNAUTHENTICATED me", "UNAUTHENTICATED staffNotes"]);
    expect(anonymous.errors![0]!.message).toMatch(/Unauthorized field or type/);

    const customer = await ask("customer", query);
    expect(customer.data).toEqual({ notice: "Open on Sundays", me: { name: "Ada" }, staffNotes: null, auditLog: null });
    expect(denied(customer.errors)).toEqual(["FORBIDDEN auditLog", "FORBIDDEN staffNotes"]);

    const staff = await ask("staff", query);
    expect(staff.data).toEqual({ notice: "Open on Sundays", me: { name: "Ada" }, staffNotes: ["Restock shelves"], auditLog: null });
    expect(denied(staff.errors)).toEqual(["FORBIDDEN auditLog"]);
  });

  it("removes fields in lists and entity fields fetched through _entities, and never asks a subgraph for them", async () => {
    const query = "{ members { id email salaryCents balanceCents } }";
    const billingBefore = secured.billing.operations.length;
    const anonymous = await ask("anonymous", query);
    expect(secured.billing.operations.length).toBe(billingBefore);
    expect(anonymous.data).toEqual({
      members: [
        { id: "m1", email: null, salaryCents: null, balanceCents: null },
        { id: "m2", email: null, salaryCents: null, balanceCents: null },
      ],
    });
    expect(denied(anonymous.errors)).toEqual(
      [0, 1].flatMap((i) => [`UNAUTHENTICATED members.${i}.balanceCents`, `UNAUTHENTICATED members.${i}.email`, `UNAUTHENTICATED members.${i}.salaryCents`]),
    );

    const customer = await ask("customer", query);
    expect(customer.data).toEqual({
      members: [
        { id: "m1", email: "ada@example.com", salaryCents: null, balanceCents: 1_250 },
        { id: "m2", email: "grace@example.com", salaryCents: null, balanceCents: 0 },
      ],
    });
    expect(denied(customer.errors)).toEqual(["FORBIDDEN members.0.salaryCents", "FORBIDDEN members.1.salaryCents"]);
    expect(secured.billing.operations.at(-1)).toContain("_entities");

    // (payroll:read AND staff:read) OR admin
    for (const caller of ["staff", "admin"] as const) {
      const { data, errors } = await ask(caller, "{ members { salaryCents } }");
      expect(errors).toBeUndefined();
      expect(data).toEqual({ members: [{ salaryCents: 500_000 }, { salaryCents: 600_000 }] });
    }
  });

  it("nulls the nearest nullable parent of a removed non-null field", async () => {
    const { data, errors } = await ask("anonymous", '{ notice member(id: "m1") { name phone } }');
    expect(data).toEqual({ notice: "Open on Sundays", member: null });
    expect(denied(errors)).toEqual(["UNAUTHENTICATED member.phone"]);
    expect((await ask("customer", '{ member(id: "m1") { name phone } }')).data).toEqual({ member: { name: "Ada", phone: "+44 1" } });
  });

  it("covers fields reached through named and inline fragments", async () => {
    const query = `query Contacts {
      member(id: "m2") { ...Contact }
      members { ...Contact ... on Member { salaryCents } }
    }
    fragment Contact on Member { name email }`;
    const anonymous = await ask("anonymous", query);
    expect(anonymous.data).toEqual({
      member: { name: "Grace", email: null },
      members: [
        { name: "Ada", email: null, salaryCents: null },
        { name: "Grace", email: null, salaryCents: null },
      ],
    });
    expect(denied(anonymous.errors)).toEqual([
      "UNAUTHENTICATED member.email",
      "UNAUTHENTICATED members.0.email",
      "UNAUTHENTICATED members.0.salaryCents",
      "UNAUTHENTICATED members.1.email",
      "UNAUTHENTICATED members.1.salaryCents",
    ]);
    const customer = await ask("customer", query);
    expect(customer.data!.member).toEqual({ name: "Grace", email: "grace@example.com" });
    expect(denied(customer.errors)).toEqual(["FORBIDDEN members.0.salaryCents", "FORBIDDEN members.1.salaryCents"]);
  });

  it("covers interface fields (the rule of every implementation) and fields of one implementation", async () => {
    const query = "{ documents { id pages ... on Payslip { netCents } } }";
    const anonymous = await ask("anonymous", query);
    expect(anonymous.data).toEqual({ documents: [{ id: "d1", pages: null }, { id: "d2", pages: null, netCents: null }] });
    expect(denied(anonymous.errors)).toEqual(["UNAUTHENTICATED documents.0.pages", "UNAUTHENTICATED documents.1.netCents", "UNAUTHENTICATED documents.1.pages"]);
    const customer = await ask("customer", query);
    expect(customer.data).toEqual({ documents: [{ id: "d1", pages: 2 }, { id: "d2", pages: 1, netCents: null }] });
    expect(denied(customer.errors)).toEqual(["FORBIDDEN documents.1.netCents"]);
    const staff = await ask("staff", query);
    expect(staff.errors).toBeUndefined();
    expect(staff.data!.documents[1]).toEqual({ id: "d2", pages: 1, netCents: 410_000 });
  });

  it("covers a union member and a field returning a type that needs a signed-in user (an entity of another subgraph)", async () => {
    const query = `{
      feed { __typename ... on Announcement { text } ... on Invoice { id amountCents } }
      member(id: "m1") { name lastInvoice { amountCents } }
    }`;
    const anonymous = await ask("anonymous", query);
    expect(anonymous.data).toEqual({
      feed: [{ __typename: "Announcement", text: "Hello" }, { __typename: "Invoice" }],
      member: { name: "Ada", lastInvoice: null },
    });
    expect(denied(anonymous.errors)).toEqual(["UNAUTHENTICATED feed.1", "UNAUTHENTICATED member.lastInvoice"]);
    const customer = await ask("customer", query);
    expect(customer.errors).toBeUndefined();
    expect(customer.data).toEqual({
      feed: [{ __typename: "Announcement", text: "Hello" }, { __typename: "Invoice", id: "i1", amountCents: 9_900 }],
      member: { name: "Ada", lastInvoice: { amountCents: 9_900 } },
    });
  });

  it("answers without any subgraph request when every root field is removed", async () => {
    let response: Awaited<ReturnType<typeof ask>> | undefined;
    expect(await requestsDuring(async () => (response = await ask("customer", "{ staffNotes auditLog }")))).toBe(0);
    expect(response!.data).toEqual({ staffNotes: null, auditLog: null });
    expect(denied(response!.errors)).toEqual(["FORBIDDEN auditLog", "FORBIDDEN staffNotes"]);
  });

  it("refuses a mutation with a root field the caller may not run, without reaching any subgraph", async () => {
    const mutation = 'mutation { post(text: "hi") banMember(id: "m2") }';
    let response: Awaited<ReturnType<typeof ask>> | undefined;
    expect(await requestsDuring(async () => (response = await ask("customer", mutation)))).toBe(0);
    expect(response!.data).toBeNull();
    expect(denied(response!.errors)).toEqual(["FORBIDDEN banMember"]);
    expect(await requestsDuring(async () => (response = await ask("anonymous", mutation)))).toBe(0);
    expect(denied(response!.errors)).toEqual(["UNAUTHENTICATED banMember"]);

    const admin = await ask("admin", mutation);
    expect(admin.errors).toBeUndefined();
    expect(admin.data).toEqual({ post: "posted: hi", banMember: true });
    expect((await ask("anonymous", 'mutation { post(text: "hi") }')).data).toEqual({ post: "posted: hi" });
  });

  it("honours @skip and @include on removed fields", async () => {
    const query = "query($with: Boolean!) { notice staffNotes @include(if: $with) }";
    const without = await ask("anonymous", query, { with: false });
    expect(without.data).toEqual({ notice: "Open on Sundays" });
    expect(without.errors).toBeUndefined();
    const withIt = await ask("anonymous", query, { with: true });
    expect(withIt.data).toEqual({ notice: "Open on Sundays", staffNotes: null });
    expect(denied(withIt.errors)).toEqual(["UNAUTHENTICATED staffNotes"]);
  });

  it("refuses the whole request in reject mode, and serves an authorized one", async () => {
    let response: Awaited<ReturnType<typeof ask>> | undefined;
    const query = "{ notice members { name email } }";
    expect(await requestsDuring(async () => (response = await ask("anonymous", query, {}, rejecting)))).toBe(0);
    expect(response!.data).toBeNull();
    expect(denied(response!.errors)).toEqual(["UNAUTHENTICATED members.@.email"]);
    const customer = await ask("customer", query, {}, rejecting);
    expect(customer.errors).toBeUndefined();
    expect(customer.data!.members).toEqual([
      { name: "Ada", email: "ada@example.com" },
      { name: "Grace", email: "grace@example.com" },
    ]);
  });
});
