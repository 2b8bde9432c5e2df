// The subgraph server's allow-list check (service-caller.ts): after the operation is parsed, before anything runs,
// a caller selecting a root field it is not listed for is refused with FORBIDDEN, and nothing executes.
import type { ApolloServerPlugin } from "@apollo/server";
import { type DocumentNode, type FragmentDefinitionNode, Kind, type OperationDefinitionNode, type SelectionSetNode } from "graphql";
import type { Caller } from "./identity.ts";
import { type CallerAllowList, requireAllowedFields } from "./service-caller.ts";

/** The operation's root field names, through inline fragments and fragment spreads. */
export function rootFieldNames(operation: OperationDefinitionNode, fragments: Record<string, FragmentDefinitionNode>): Set<string> {
  const names = new Set<string>();
  const seen = new Set<string>();
  const visit = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) names.add(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments[selection.name.value];
        if (fragment) visit(fragment.selectionSet);
      }
    }
  };
  visit(operation.selectionSet);
  return names;
}

// The verified caller, on the request's context under a symbol: Apollo Server hands plugins a shallow copy of the
// context object (so a WeakMap keyed by the original misses), and a symbol keeps it out of the subgraph's own fields.
const CALLER = Symbol("caller");

/** Records the verified caller on a request's context, for the plugin. */
export function recordCaller(context: object, caller: Caller): void {
  (context as { [CALLER]?: Caller })[CALLER] = caller;
}

// The root fields of each operation, computed once: Apollo Server keeps a parsed document in its cache and hands the
// same (frozen) nodes to every request that sends the same query text.
const rootFieldsByOperation = new WeakMap<OperationDefinitionNode, Set<string>>();

function rootFieldsOf(operation: OperationDefinitionNode, document: DocumentNode): Set<string> {
  let names = rootFieldsByOperation.get(operation);
  if (!names) {
    const fragments = Object.fromEntries(
      document.definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION).map((fragment) => [fragment.name.value, fragment]),
    );
    names = rootFieldNames(operation, fragments as Record<string, FragmentDefinitionNode>);
    rootFieldsByOperation.set(operation, names);
  }
  return names;
}

/** Refuses, before execution, any root field the request's caller (recorded on its context) is not allowed. */
export function allowedCallersPlugin<Context extends object>(allowList: CallerAllowList): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, contextValue }) {
          // No caller recorded would be a bug: an empty issuer is allowed nothing.
          const caller = (contextValue as { [CALLER]?: Caller })[CALLER] ?? { issuer: "", userId: null };
          // Apollo Server resolves an operation before this hook runs (an unknown one fails earlier).
          if (operation) requireAllowedFields(allowList, caller, rootFieldsOf(operation, document));
        },
      };
    },
  };
}
