// The keys of one process, from its settings: its own signing key and the keys it checks its callers with. Either
// given one per service (SERVICE_SIGNING_KEY, SERVICE_TRUSTED_KEYS: a real deployment, each from its own secret) or
// derived from the one SUBGRAPH_SECRET (`pnpm start` derives them per process; a process started with
// SUBGRAPH_SECRET alone, as in the tests, derives its own). See docs/security.md, "Between services".
import { ConfigError, secret } from "./config.ts";
import { credentialKey, deriveServiceKey, signingProcessOf, type TrustedKeys } from "./identity.ts";
import { weakSecretReason } from "./secret-strength.ts";

export interface ServiceKeys {
  /** The process's name: the receiver its callers' keys are derived for, the issuer it signs as. */
  name: string;
  /** Its own key (it signs with keys derived from it); absent for a process configured to call no one. */
  signingKey?: string;
  /** The keys it checks its callers with, by issuer (only callers with a key here are accepted at all). */
  trusted: TrustedKeys;
}

const MIN_KEY_LENGTH = 32;

/** A key as configured: long enough; in production also not predictable nor a committed sample (secret-strength.ts). */
function checkedKey(variable: string, value: string, production: boolean): string {
  if (value.length < MIN_KEY_LENGTH) throw new ConfigError(`${variable} must hold keys of at least ${MIN_KEY_LENGTH} characters`);
  const weak = production ? weakSecretReason(variable, value) : null;
  if (weak) throw new ConfigError(weak);
  return value;
}

/** SERVICE_TRUSTED_KEYS: `issuer=key` pairs separated by commas. */
export function parseTrustedKeys(value: string, production = false): TrustedKeys {
  const trusted: Record<string, string> = {};
  for (const entry of value.split(",").map((part) => part.trim()).filter(Boolean)) {
    const at = entry.indexOf("=");
    const issuer = entry.slice(0, at).trim();
    if (at <= 0 || !/^[a-z][a-z0-9-]*$/.test(issuer)) throw new ConfigError("SERVICE_TRUSTED_KEYS must be issuer=key pairs separated by commas");
    trusted[issuer] = checkedKey("SERVICE_TRUSTED_KEYS", entry.slice(at + 1).trim(), production);
  }
  return trusted;
}

export function formatTrustedKeys(trusted: TrustedKeys): string {
  return Object.entries(trusted)
    .map(([issuer, key]) => `${issuer}=${key}`)
    .join(",");
}

/** The keys `receiver` checks `issuers` with when every process's key derives from `master`. */
export function derivedTrustedKeys(master: string, receiver: string, issuers: readonly string[]): TrustedKeys {
  return Object.fromEntries(issuers.map((issuer) => [issuer, credentialKey(deriveServiceKey(master, signingProcessOf(issuer)), issuer, receiver)]));
}

/**
 * The keys of process `name`, which accepts `callers`: given (SERVICE_SIGNING_KEY and/or SERVICE_TRUSTED_KEYS), or
 * derived from SUBGRAPH_SECRET when neither is set (outside production a generated development secret; in
 * production its absence stops the process naming SUBGRAPH_SECRET).
 */
export function serviceKeysFromEnv(name: string, callers: readonly string[], env: NodeJS.ProcessEnv = process.env): ServiceKeys {
  const { SERVICE_SIGNING_KEY: signingKey, SERVICE_TRUSTED_KEYS: trusted } = env;
  if (signingKey || trusted) {
    const production = env.NODE_ENV === "production";
    return {
      name,
      ...(signingKey ? { signingKey: checkedKey("SERVICE_SIGNING_KEY", signingKey, production) } : {}),
      trusted: parseTrustedKeys(trusted ?? "", production),
    };
  }
  const master = secret("SUBGRAPH_SECRET", env);
  return { name, signingKey: deriveServiceKey(master, name), trusted: derivedTrustedKeys(master, name, callers) };
}

/** The own signing key of process `name` (the router): SERVICE_SIGNING_KEY, else derived from SUBGRAPH_SECRET. */
export function signingKeyFromEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.SERVICE_SIGNING_KEY) return checkedKey("SERVICE_SIGNING_KEY", env.SERVICE_SIGNING_KEY, env.NODE_ENV === "production");
  return deriveServiceKey(secret("SUBGRAPH_SECRET", env), name);
}

/**
 * The variables the launcher gives process `name` so that it holds only its own key, derived from `master`, and the
 * keys of every issuer toward it (each receiver's allow-list then decides what each may call): never `master` itself.
 */
export function launchedProcessKeys(master: string, name: string, issuers: readonly string[]): { SERVICE_SIGNING_KEY: string; SERVICE_TRUSTED_KEYS: string } {
  const others = issuers.filter((issuer) => signingProcessOf(issuer) !== name);
  return { SERVICE_SIGNING_KEY: deriveServiceKey(master, name), SERVICE_TRUSTED_KEYS: formatTrustedKeys(derivedTrustedKeys(master, name, others)) };
}

/** Signs as `issuer` toward `receiver` with this process's keys; a ConfigError when it has no signing key. */
export function keyToward(keys: Pick<ServiceKeys, "signingKey" | "name">, receiver: string, issuer = keys.name): string {
  if (!keys.signingKey) throw new ConfigError(`${keys.name} has no SERVICE_SIGNING_KEY, so it cannot call ${receiver}`);
  return credentialKey(keys.signingKey, issuer, receiver);
}
