// Removes from an operation every selection the caller may not see, before the gateway plans it (Apollo
// Router's filter): fields whose rule the caller does not meet, and fragments on types it may not see. What was
// removed, and where, is kept as a patch plan (patch-response.ts puts null and an error there). A named
// fragment is filtered once per operation, whatever the number of places it is spread in: its outcome does
// not depend on where it is used, so the plan is a graph that shares it, never a copy per use.
import {
  type DirectiveNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  Kind,
  type OperationDefinitionNode,
  type OperationTypeNode,
  type SelectionNode,
  type SelectionSetNode,
} from "graphql";
import { type Caller, type Denial, denial, type PolicyEvaluator } from "./requirements.ts";
import type { AuthorizationRules } from "./schema-rules.ts";

/**
 * Alias under which the router asks for `__typename` where it needs an object's type to patch it (a removal
 * under a fragment on some of the possible types) or where every selection of an object was removed (a
 * selection set may not be empty). Removed from the response before the client sees it.
 */
export const TYPENAME_ALIAS = "__authorization_typename";

/** Where a patch applies only to some objects: @skip/@include of the selection, and the object types it is for. */
interface Guard {
  /** Undefined: every object the parent selection can hold. */
  types?: ReadonlySet<string>;
  conditions: readonly DirectiveNode[];
}

/** What was removed from one selection set, and where further down. */
export interface PatchNode {
  /** The router added the typename alias here: read it, then delete it. */
  typename: boolean;
  /** Fields removed here: null at `key`, with an error. */
  removed: Array<{ key: string; code: Denial; nullable: readonly boolean[]; conditions: readonly DirectiveNode[] }>;
  /** Fragments on types the caller may not see: an error at the object when it is one of `types`. */
  deniedTypes: Array<Guard & { types: ReadonlySet<string>; code: Denial }>;
  /** Fields kept whose selections had removals. */
  children: Array<{ key: string; nullable: readonly boolean[]; node: PatchNode }>;
  /** Fragments kept whose selections had removals (they patch the same object). */
  fragments: Array<Guard & { node: PatchNode }>;
}

export interface FilteredOperation {
  /** The document to plan: the original when nothing was removed. */
  document: DocumentNode;
  operation: OperationTypeNode;
  /** Undefined when nothing was removed. */
  patch?: PatchNode;
  /** Every root field was removed: nothing is left to plan or fetch. */
  nothingLeft: boolean;
  /** A root field (or a fragment on the root type) was removed. */
  rootDenied: boolean;
}

const typenameSelection: SelectionNode = {
  kind: Kind.FIELD,
  alias: { kind: Kind.NAME, value: TYPENAME_ALIAS },
  name: { kind: Kind.NAME, value: "__typename" },
};

const emptyNode = (): PatchNode => ({ typename: false, removed: [], deniedTypes: [], children: [], fragments: [] });
const isEmpty = (node: PatchNode) =>
  !node.typename && node.removed.length === 0 && node.deniedTypes.length === 0 && node.children.length === 0 && node.fragments.length === 0;

interface Filtered {
  selections: readonly SelectionNode[];
  node: PatchNode;
  changed: boolean;
}

class OperationFilter {
  /** Named fragments filtered so far (once each). */
  readonly fragments = new Map<string, Filtered>();

  constructor(
    private readonly rules: AuthorizationRules,
    private readonly caller: Caller,
    private readonly policies: PolicyEvaluator,
    private readonly definitions: ReadonlyMap<string, FragmentDefinitionNode>,
  ) {}

  /** The selections of `selectionSet` on `typeName` that the caller may see. */
  selections(selectionSet: SelectionSetNode, typeName: string): Filtered {
    const type = this.rules.types.get(typeName);
    const node = emptyNode();
    const kept: SelectionNode[] = [];
    let changed = false;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const field = type?.fields.get(selection.name.value);
        if (!field || selection.name.value.startsWith("__")) {
          kept.push(selection);
          continue;
        }
        const key = selection.alias?.value ?? selection.name.value;
        const code = denial(field.requirement, this.caller, this.policies);
        if (code) {
          node.removed.push({ key, code, nullable: field.nullable, conditions: selection.directives ?? [] });
          changed = true;
          continue;
        }
        if (!selection.selectionSet) {
          kept.push(selection);
          continue;
        }
        const inner = this.selections(selection.selectionSet, field.type);
        if (!inner.changed) {
          kept.push(selection);
          continue;
        }
        changed = true;
        if (inner.selections.length === 0) inner.node.typename = true;
        const selections = inner.selections.length === 0 ? [typenameSelection] : inner.selections;
        kept.push({ ...selection, selectionSet: { ...selection.selectionSet, selections } });
        if (!isEmpty(inner.node)) node.children.push({ key, nullable: field.nullable, node: inner.node });
        continue;
      }
      // A fragment, inline or named: its type condition may be a type the caller may not see.
      const definition = selection.kind === Kind.FRAGMENT_SPREAD ? this.definitions.get(selection.name.value) : undefined;
      const condition = (selection.kind === Kind.INLINE_FRAGMENT ? selection.typeCondition : definition?.typeCondition)?.name.value ?? typeName;
      const conditionType = this.rules.types.get(condition);
      const guard: Guard = {
        ...(condition !== typeName && conditionType ? { types: conditionType.possibleTypes } : {}),
        conditions: selection.directives ?? [],
      };
      const code = denial(conditionType?.requirement, this.caller, this.policies);
      if (code) {
        node.deniedTypes.push({ ...guard, types: conditionType?.possibleTypes ?? new Set([condition]), code });
        node.typename ||= guard.types !== undefined;
        changed = true;
        continue;
      }
      const inner =
        selection.kind === Kind.INLINE_FRAGMENT ? this.selections(selection.selectionSet, condition) : definition ? this.fragment(definition) : undefined;
      if (!inner?.changed) {
        kept.push(selection);
        continue;
      }
      changed = true;
      if (!isEmpty(inner.node)) {
        node.fragments.push({ ...guard, node: inner.node });
        // The object's type is read once per object, at the field's selection set.
        node.typename ||= guard.types !== undefined || inner.node.typename;
      }
      if (inner.selections.length === 0) continue;
      kept.push(selection.kind === Kind.INLINE_FRAGMENT ? { ...selection, selectionSet: { ...selection.selectionSet, selections: inner.selections } } : selection);
    }
    if (node.typename && kept.length > 0) kept.push(typenameSelection);
    return { selections: kept, node, changed };
  }

  private fragment(definition: FragmentDefinitionNode): Filtered {
    const name = definition.name.value;
    let filtered = this.fragments.get(name);
    if (!filtered) {
      filtered = this.selections(definition.selectionSet, definition.typeCondition.name.value);
      this.fragments.set(name, filtered);
    }
    return filtered;
  }
}

/** The operation as the caller may run it, and the plan to patch its response; undefined if no such operation. */
export function filterOperation(
  document: DocumentNode,
  operationName: string | null | undefined,
  rules: AuthorizationRules,
  caller: Caller,
  policies: PolicyEvaluator,
): FilteredOperation | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation) return undefined;
  const definitions = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  const filter = new OperationFilter(rules, caller, policies, definitions);
  const root = filter.selections(operation.selectionSet, rules.roots[operation.operation]);
  if (!root.changed) return { document, operation: operation.operation, nothingLeft: false, rootDenied: false };

  // The root's own removals, also those inside fragments on the root type.
  const rootDenied = (node: PatchNode): boolean => node.removed.length > 0 || node.deniedTypes.length > 0 || node.fragments.some((f) => rootDenied(f.node));
  // At the root, an added __typename would only hide that nothing is left.
  root.node.typename = false;
  const selections = root.selections.filter((s) => s !== typenameSelection);
  const fragments: FragmentDefinitionNode[] = [];
  for (const [name, filtered] of filter.fragments) {
    if (filtered.selections.length === 0) continue;
    const original = definitions.get(name)!;
    fragments.push(filtered.changed ? { ...original, selectionSet: { ...original.selectionSet, selections: filtered.selections } } : original);
  }
  // Fragments never reached were not filtered; unchanged fragments spread only inside them are kept as they are.
  const reached = new Set(filter.fragments.keys());
  const spreads = (selectionSet: SelectionSetNode, into: Set<string>) => {
    for (const s of selectionSet.selections) {
      if (s.kind === Kind.FRAGMENT_SPREAD) {
        if (into.has(s.name.value)) continue;
        into.add(s.name.value);
        const d = definitions.get(s.name.value);
        if (d && !reached.has(s.name.value)) spreads(d.selectionSet, into);
      } else if (s.selectionSet) spreads(s.selectionSet, into);
    }
  };
  const used = new Set<string>();
  for (const f of fragments) spreads(f.selectionSet, used);
  spreads({ kind: Kind.SELECTION_SET, selections }, used);
  for (const name of used) if (!reached.has(name) && definitions.has(name)) fragments.push(definitions.get(name)!);
  return {
    document: {
      kind: Kind.DOCUMENT,
      definitions: [{ ...operation, selectionSet: { ...operation.selectionSet, selections } }, ...fragments],
    },
    operation: operation.operation,
    patch: root.node,
    nothingLeft: selections.length === 0,
    rootDenied: rootDenied(root.node),
  };
}
