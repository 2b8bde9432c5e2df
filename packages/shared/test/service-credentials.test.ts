// Service-to-service credentials: bound to their operation, signed with a key per (issuer, receiver) derived from
// the signing process's own key, checked against the receiver's allow-list; and the keys each process is given.
import { parse, type OperationDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import { rootFieldNames } from "../src/allowed-callers.ts";
import { ConfigError } from "../src/config.ts";
import { CACHE_FEED_ISSUER, type Caller, credentialKey, deriveServiceKey, ROUTER_ISSUER, ROUTER_ISSUERS, signCredential, verifyCredential } from "../src/identity.ts";
import { type CallerAllowList, requireAllowedFields } from "../src/service-caller.ts";
import { derivedTrustedKeys, launchedProcessKeys, parseTrustedKeys, serviceKeysFromEnv } from "../src/service-keys.ts";

const MASTER = "test-subgraph-secret-0123456789abcdef012345";
const ISSUERS = [...ROUTER_ISSUERS, "users", "products", "orders", "payments"];
const ownKey = (process: string) => deriveServiceKey(MASTER, process);
/** What orders checks its callers with, as it derives it from SUBGRAPH_SECRET. */
const ordersTrust = serviceKeysFromEnv("orders", [ROUTER_ISSUER, "payments"], { SUBGRAPH_SECRET: MASTER }).trusted;
const MARK_PAID = "mutation ($orderId: ID!) { markOrderPaid(orderId: $orderId) { id } }";
const BEGIN = "mutation ($orderId: ID!) { beginOrderPayment(orderId: $orderId) { id } }";
const order = (orderId: string) => ({ query: MARK_PAID, variables: { orderId } });
const asPayments = (operation: { query: string; variables: Record<string, unknown> }) =>
  signCredential(credentialKey(ownKey("payments"), "payments", "orders"), { issuer: "payments", userId: "u1" }, operation);

describe("service credentials", () => {
  it("are accepted for the operation they were signed for, and refused replayed for another", async () => {
    const credential = await asPayments({ query: BEGIN, variables: { orderId: "o1" } });
    expect(await verifyCredential(ordersTrust, credential, { query: BEGIN, variables: { orderId: "o1" } })).toEqual({ issuer: "payments", userId: "u1" });
    expect(await verifyCredential(ordersTrust, credential, order("o1"))).toBeNull();
    expect(await verifyCredential(ordersTrust, credential, { query: BEGIN, variables: { orderId: "o2" } })).toBeNull();
  });

  it("signed with one service's key are refused as another's", async () => {
    // The orders key signing as payments, as itself, and as the router: orders trusts payments and the router only,
    // each with the key derived from that caller's own key.
    for (const issuer of ["payments", "orders", ROUTER_ISSUER]) {
      const forged = await signCredential(credentialKey(ownKey("orders"), issuer, "orders"), { issuer, userId: "u1" }, order("o1"));
      expect(await verifyCredential(ordersTrust, forged, order("o1"))).toBeNull();
    }
    // What products holds to check orders' calls cannot sign anything orders or users accept.
    const productsCopy = derivedTrustedKeys(MASTER, "products", ["orders"]).orders!;
    for (const issuer of ["payments", ROUTER_ISSUER]) {
      expect(await verifyCredential(ordersTrust, await signCredential(productsCopy, { issuer, userId: "u1" }, order("o1")), order("o1"))).toBeNull();
    }
    // A credential for products is no credential for orders: the key is per receiver.
    const toProducts = await signCredential(credentialKey(ownKey("payments"), "payments", "products"), { issuer: "payments", userId: "u1" }, order("o1"));
    expect(await verifyCredential(ordersTrust, toProducts, order("o1"))).toBeNull();
    expect(await verifyCredential(ordersTrust, await asPayments(order("o1")), order("o1"))).toEqual({ issuer: "payments", userId: "u1" });
  });
});

describe("a subgraph's allow-list", () => {
  const products: CallerAllowList = { [ROUTER_ISSUER]: "public", [CACHE_FEED_ISSUER]: ["_entityChanges"], orders: ["reserveStock", "releaseReservation", "commitReservation"] };
  const caller = (issuer: string): Caller => ({ issuer, userId: "u1" });
  const allowed = (issuer: string, ...fields: string[]) => {
    try {
      requireAllowedFields(products, caller(issuer), fields);
      return true;
    } catch (error) {
      expect((error as { extensions: { code: string } }).extensions.code).toBe("FORBIDDEN");
      return false;
    }
  };

  it("gives the router public fields only, and each service its own internal fields only", () => {
    expect(allowed(ROUTER_ISSUER, "products", "_entities", "_service", "__typename")).toBe(true);
    expect(allowed(ROUTER_ISSUER, "products", "releaseReservation")).toBe(false);
    expect(allowed(ROUTER_ISSUER, "_entityChanges")).toBe(false);
    expect(allowed("orders", "reserveStock", "commitReservation")).toBe(true);
    expect(allowed("orders", "products")).toBe(false);
    expect(allowed("orders", "_entityChanges")).toBe(false);
    expect(allowed(CACHE_FEED_ISSUER, "_entityChanges")).toBe(true);
    expect(allowed(CACHE_FEED_ISSUER, "releaseReservation")).toBe(false);
    expect(allowed("payments", "__typename", "products")).toBe(false);
  });

  it("sees root fields behind fragments and aliases", () => {
    const document = parse("mutation { a: releaseReservation(orderId: 1) { status } ...F ... on Mutation { commitReservation(orderId: 2) { status } } } fragment F on Mutation { reserveStock { status } }");
    const operation = document.definitions[0] as OperationDefinitionNode;
    const fragments = Object.fromEntries(document.definitions.slice(1).map((definition) => [(definition as { name: { value: string } }).name.value, definition])) as never;
    expect(rootFieldNames(operation, fragments)).toEqual(new Set(["releaseReservation", "commitReservation", "reserveStock"]));
  });
});

describe("service keys", () => {
  it("the launcher gives each process its own key and its callers' keys toward it, never SUBGRAPH_SECRET", () => {
    const orders = launchedProcessKeys(MASTER, "orders", ISSUERS);
    const payments = launchedProcessKeys(MASTER, "payments", ISSUERS);
    expect(orders.SERVICE_SIGNING_KEY).not.toBe(payments.SERVICE_SIGNING_KEY);
    expect(JSON.stringify([orders, payments])).not.toContain(MASTER);
    const trusted = parseTrustedKeys(orders.SERVICE_TRUSTED_KEYS);
    expect(trusted.orders).toBeUndefined(); // not its own
    // Payments' key toward orders, derived from the key payments itself was given.
    expect(trusted.payments).toBe(credentialKey(payments.SERVICE_SIGNING_KEY, "payments", "orders"));
    expect(serviceKeysFromEnv("orders", [], orders)).toEqual({ name: "orders", signingKey: orders.SERVICE_SIGNING_KEY, trusted });
  });

  it("takes keys given one per service, and refuses short ones", () => {
    const key = "k".repeat(40);
    expect(serviceKeysFromEnv("users", [], { SERVICE_TRUSTED_KEYS: `router=${key}` })).toEqual({ name: "users", trusted: { router: key } });
    expect(() => serviceKeysFromEnv("users", [], { SERVICE_TRUSTED_KEYS: "router=short" })).toThrow(ConfigError);
    expect(() => serviceKeysFromEnv("users", [], { SERVICE_SIGNING_KEY: "short" })).toThrow(ConfigError);
    expect(() => serviceKeysFromEnv("users", [], { SERVICE_TRUSTED_KEYS: `=${key}` })).toThrow(ConfigError);
    expect(() => serviceKeysFromEnv("users", [ROUTER_ISSUER], { NODE_ENV: "production" })).toThrow(/SUBGRAPH_SECRET is required/);
  });
});
