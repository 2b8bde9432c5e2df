// What one element of the schema asks of a caller (@authenticated, @requiresScopes, @policy), how requirements
// combine, and whether a caller meets one. Scopes and policies are an OR of ANDs: [["a", "b"], ["c"]] is
// (a AND b) OR c, as in Apollo Router.

export interface Requirement {
  /** @authenticated: a signed-in user. */
  authenticated: boolean;
  /** @requiresScopes: one of these sets of scopes, all of a set. */
  scopes?: readonly (readonly string[])[];
  /** @policy: one of these sets of policies, all of a set. */
  policies?: readonly (readonly string[])[];
}

/** Who asks: a signed-in user or not, and the scopes of their token. */
export interface Caller {
  authenticated: boolean;
  scopes: ReadonlySet<string>;
}

/** Why a selection is refused: nobody signed in, or a signed-in caller without what it needs. */
export type Denial = "UNAUTHENTICATED" | "FORBIDDEN";

/**
 * Decides a policy for a caller. The router has no policy evaluator (Apollo Router asks a coprocessor), so by
 * default every @policy is denied: a field behind a policy is served to nobody until one is plugged in here.
 */
export type PolicyEvaluator = (policy: string, caller: Caller) => boolean;
export const denyPolicies: PolicyEvaluator = () => false;

/** (a1 OR a2) AND (b1 OR b2) = a1b1 OR a1b2 OR a2b1 OR a2b2, without repeated sets. */
function allOf(a: Requirement["scopes"], b: Requirement["scopes"]): Requirement["scopes"] {
  if (!a) return b;
  if (!b) return a;
  const sets = new Map<string, string[]>();
  for (const left of a) {
    for (const right of b) {
      const set = [...new Set([...left, ...right])].sort();
      sets.set(set.join(" "), set);
    }
  }
  return [...sets.values()];
}

/** A requirement meeting both; undefined when neither asks anything. */
export function both(a: Requirement | undefined, b: Requirement | undefined): Requirement | undefined {
  if (!a) return b;
  if (!b) return a;
  const combined: Requirement = { authenticated: a.authenticated || b.authenticated };
  const scopes = allOf(a.scopes, b.scopes);
  const policies = allOf(a.policies, b.policies);
  if (scopes) combined.scopes = scopes;
  if (policies) combined.policies = policies;
  return combined;
}

/** Null when the caller meets the requirement; otherwise the error code to answer. */
export function denial(requirement: Requirement | undefined, caller: Caller, policies: PolicyEvaluator): Denial | null {
  if (!requirement) return null;
  const met =
    (!requirement.authenticated || caller.authenticated) &&
    (!requirement.scopes || requirement.scopes.some((set) => set.every((scope) => caller.scopes.has(scope)))) &&
    (!requirement.policies || requirement.policies.some((set) => set.every((policy) => policies(policy, caller))));
  if (met) return null;
  return caller.authenticated ? "FORBIDDEN" : "UNAUTHENTICATED";
}
