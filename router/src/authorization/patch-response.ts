// Puts the removed selections back into a response as Apollo Router does: null at each removed path of the
// data, with one error per path (UNAUTHENTICATED or FORBIDDEN), and GraphQL's null propagation (a removed
// non-null field nulls its nearest nullable parent). Works on the result the gateway built from the filtered
// operation, in place.
import type { DirectiveNode } from "graphql";
// The GraphQL error class Apollo Server and the gateway load (graphql's CommonJS build): an error of another
// copy (vitest hands source files graphql's ESM build) would be re-wrapped by Apollo Server without its path.
import { GraphQLError } from "graphql/error/GraphQLError.js";
import { type PatchNode, TYPENAME_ALIAS } from "./filter-operation.ts";
import type { Denial } from "./requirements.ts";

type Path = ReadonlyArray<string | number>;
type Variables = Readonly<Record<string, unknown>> | undefined;

const MESSAGES: Record<Denial, string> = {
  UNAUTHENTICATED: "Unauthorized field or type: it needs a signed-in user",
  FORBIDDEN: "Unauthorized field or type: it needs a scope your account does not have",
};

export function authorizationError(code: Denial, path: Path): GraphQLError {
  return new GraphQLError(MESSAGES[code], { path, extensions: { code } });
}

/** Whether @skip/@include let a selection run with these variables. */
function included(conditions: readonly DirectiveNode[], variables: Variables): boolean {
  for (const directive of conditions) {
    const name = directive.name.value;
    if (name !== "skip" && name !== "include") continue;
    const value = directive.arguments?.find((a) => a.name.value === "if")?.value;
    const condition = value?.kind === "BooleanValue" ? value.value : value?.kind === "Variable" ? variables?.[value.name.value] === true : false;
    if (condition === (name === "skip")) return false;
  }
  return true;
}

class ResponsePatcher {
  readonly errors: GraphQLError[] = [];
  /** Each object's type, read once (an object reached through two selections is patched twice). */
  private readonly typenames = new WeakMap<object, string | undefined>();
  constructor(private readonly variables: Variables) {}

  /** Patches one object; true when it must become null (a non-null field in it became null). */
  object(value: Record<string, unknown>, node: PatchNode, path: Path): boolean {
    if (!this.typenames.has(value)) this.typenames.set(value, (value[TYPENAME_ALIAS] ?? value.__typename) as string | undefined);
    const typename = this.typenames.get(value);
    delete value[TYPENAME_ALIAS];
    return this.apply(value, typename, node, path);
  }

  private apply(value: Record<string, unknown>, typename: string | undefined, node: PatchNode, path: Path): boolean {
    let nullify = false;
    // An object whose type is unknown (never asked for) is taken to match, so nothing removed slips through.
    const matches = (types: ReadonlySet<string> | undefined) => !types || typename === undefined || types.has(typename);
    for (const removed of node.removed) {
      if (!included(removed.conditions, this.variables)) continue;
      value[removed.key] = null;
      this.errors.push(authorizationError(removed.code, [...path, removed.key]));
      if (!removed.nullable[0]) nullify = true;
    }
    for (const denied of node.deniedTypes) {
      if (matches(denied.types) && included(denied.conditions, this.variables)) this.errors.push(authorizationError(denied.code, path));
    }
    for (const child of node.children) {
      const inner = value[child.key];
      if (inner === null || inner === undefined) continue;
      if (this.value(inner, child.nullable, 0, child.node, [...path, child.key])) {
        value[child.key] = null;
        if (!child.nullable[0]) nullify = true;
      }
    }
    for (const fragment of node.fragments) {
      if (matches(fragment.types) && included(fragment.conditions, this.variables)) nullify = this.apply(value, typename, fragment.node, path) || nullify;
    }
    return nullify;
  }

  /** A field's value at list depth `depth`; true when it must become null. */
  private value(value: unknown, nullable: readonly boolean[], depth: number, node: PatchNode, path: Path): boolean {
    if (!Array.isArray(value)) return this.object(value as Record<string, unknown>, node, path);
    for (let index = 0; index < value.length; index++) {
      const item = value[index];
      if (item === null || item === undefined) continue;
      if (this.value(item, nullable, depth + 1, node, [...path, index])) {
        value[index] = null;
        if (!nullable[depth + 1]) return true;
      }
    }
    return false;
  }
}

/**
 * Patches `data` (the gateway's result of the filtered operation) where `patch` says; returns the data (null
 * when a removed non-null field reached the root) and the errors to add.
 */
export function patchResponse(data: Record<string, unknown>, patch: PatchNode, variables: Variables): { data: Record<string, unknown> | null; errors: GraphQLError[] } {
  const patcher = new ResponsePatcher(variables);
  const nullify = patcher.object(data, patch, []);
  return { data: nullify ? null : data, errors: patcher.errors };
}

/** The errors of a refused operation: one per removed selection, at its path in the operation ("@" for a list item). */
export function refusalErrors(patch: PatchNode, limit = 100): GraphQLError[] {
  const errors: GraphQLError[] = [];
  const walk = (node: PatchNode, path: Path) => {
    for (const removed of node.removed) errors.push(authorizationError(removed.code, [...path, removed.key]));
    for (const denied of node.deniedTypes) errors.push(authorizationError(denied.code, path));
    for (const child of node.children) {
      if (errors.length >= limit) return;
      walk(child.node, [...path, child.key, ...child.nullable.slice(1).map(() => "@")]);
    }
    for (const fragment of node.fragments) if (errors.length < limit) walk(fragment.node, path);
  };
  walk(patch, []);
  return errors.slice(0, limit);
}
