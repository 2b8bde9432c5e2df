// Weak secrets in production: each kind an operator might paste is refused with one line naming the variable,
// through the one parser every process uses (config.ts's `secret()`), and the list of committed samples matches
// what the repository's deploy files actually hold.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, secret } from "../src/config.ts";
import { repoRoot } from "../src/paths.ts";
import { COMMITTED_SAMPLE_SECRETS } from "../src/secret-strength.ts";

const production = (value: string) => ({ NODE_ENV: "production", JWT_SECRET: value });

describe("production secrets", () => {
  it.each([
    ["32 identical characters", "a".repeat(32), /JWT_SECRET is too predictable/],
    ["a repeated pair", "ab".repeat(24), /JWT_SECRET is too predictable/],
    ["a repeated block of hex digits", "0123456789abcdef".repeat(2), /JWT_SECRET is too predictable/],
    ["a short one", "Zq8#pL2!xR", /JWT_SECRET must be at least 32 characters/],
    ["the .env example's", "dev-only-jwt-secret-change-me-0123456789", /JWT_SECRET is a sample value committed to the repository/],
    ["the local overlay's", "local-dev-only-jwt-secret-0123456789abcdef", /JWT_SECRET is a sample value committed to the repository/],
  ])("refuses %s", (_, value, message) => {
    expect(() => secret("JWT_SECRET", production(value))).toThrow(ConfigError);
    expect(() => secret("JWT_SECRET", production(value))).toThrow(message);
  });

  it("accepts generated ones (openssl rand -base64 32, 32 random hex digits)", () => {
    for (let round = 0; round < 50; round++) {
      const base64 = randomBytes(32).toString("base64");
      const hex = randomBytes(16).toString("hex");
      expect(secret("JWT_SECRET", production(base64))).toBe(base64);
      expect(secret("JWT_SECRET", production(hex))).toBe(hex);
    }
  });

  it("knows every sample secret committed in the deploy files", () => {
    const files = ["deploy/.env.example", "deploy/k8s/overlays/local/kustomization.yaml"];
    const committed = files.flatMap((file) =>
      [...readFileSync(path.join(repoRoot, file), "utf8").matchAll(/^\s*-?\s*[A-Z_]*(?:SECRET|KEY)[A-Z_]*=(\S+)/gm)].flatMap((match) =>
        // SERVICE_TRUSTED_KEYS holds issuer=key pairs: each key is a sample too.
        match[1]!.includes("=") ? match[1]!.split(",").map((pair) => pair.slice(pair.indexOf("=") + 1)) : [match[1]!],
      ),
    );
    expect(committed.length).toBeGreaterThan(0);
    for (const value of committed) expect(COMMITTED_SAMPLE_SECRETS.has(value), value).toBe(true);
  });
});
