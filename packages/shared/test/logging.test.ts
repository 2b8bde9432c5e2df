// Log settings are refused like any other setting, naming the valid values; and what logs at info: the operations
// clients send, not the internal calls (the change-feed poll every 250 ms) that would bury them.
import { describe, expect, it } from "vitest";
import { ConfigError } from "../src/config.ts";
import { internalCallsAtDebug } from "../src/graphql-observability.ts";
import { CACHE_FEED_ISSUER, ROUTER_ISSUER } from "../src/identity.ts";
import { createLogger } from "../src/logger.ts";

describe("createLogger", () => {
  it.each([
    [{ LOG_LEVEL: "verbose" }, /LOG_LEVEL: .*"fatal"\|"error"\|"warn"\|"info"\|"debug"\|"trace"\|"silent"/],
    [{ LOG_FORMAT: "xml" }, /LOG_FORMAT: .*"json"\|"pretty"/],
  ])("refuses %o with a ConfigError naming the valid values", (env, message) => {
    expect(() => createLogger("users", undefined, env)).toThrow(ConfigError);
    expect(() => createLogger("users", undefined, env)).toThrow(message);
  });

  it("refuses a bad level passed in code too", () => {
    expect(() => createLogger("users", "loud", {})).toThrow(/LOG_LEVEL/);
  });

  it("logs at LOG_LEVEL", () => {
    expect(createLogger("users", undefined, { LOG_LEVEL: "debug", LOG_FORMAT: "json" }).level).toBe("debug");
    expect(createLogger("users", undefined, { LOG_FORMAT: "json" }).level).toBe("info");
    expect(createLogger("users", "silent", { LOG_LEVEL: "debug", LOG_FORMAT: "json" }).level).toBe("silent");
  });
});

describe("the level of a GraphQL request's log line", () => {
  it("is debug for internal callers (the router's change-feed poll, service-to-service calls), info for clients' operations", () => {
    expect(internalCallsAtDebug({ caller: { issuer: CACHE_FEED_ISSUER, userId: null } })).toBe("debug");
    expect(internalCallsAtDebug({ caller: { issuer: "orders", userId: null } })).toBe("debug");
    expect(internalCallsAtDebug({ caller: { issuer: ROUTER_ISSUER, userId: "u1" } })).toBe("info");
    expect(internalCallsAtDebug({ requestId: "r1" })).toBe("info"); // the router's own context has no caller
  });
});
