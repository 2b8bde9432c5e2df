// The root fields an operation runs, read from the parsed document (so persisted operations, aliases and
// fragments at the root count as what they are, whatever the operation is named), with the arguments a budget
// is keyed by.
import { type DocumentNode, type FieldNode, Kind, type OperationDefinitionNode, type SelectionSetNode, type ValueNode } from "graphql";

export interface RootField {
  /** The schema field's name (`login`), not its alias. */
  name: string;
  /** Where its value sits in the response's `data` (the alias, or the name). */
  responseKey: string;
  node: FieldNode;
}

export function rootFields(operation: OperationDefinitionNode, document: DocumentNode): RootField[] {
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
  const fields: RootField[] = [];
  const collect = (selectionSet: SelectionSetNode, seen: Set<string>) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        fields.push({ name: selection.name.value, responseKey: selection.alias?.value ?? selection.name.value, node: selection });
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        collect(selection.selectionSet, seen);
      } else if (!seen.has(selection.name.value)) {
        const fragment = fragments.get(selection.name.value);
        if (fragment) collect(fragment.selectionSet, new Set([...seen, selection.name.value]));
      }
    }
  };
  collect(operation.selectionSet, new Set());
  return fields;
}

/** A value node with its variables substituted (literal objects and lists included). */
function argumentValue(node: ValueNode, variables: Record<string, unknown>): unknown {
  switch (node.kind) {
    case Kind.VARIABLE:
      return variables[node.name.value];
    case Kind.STRING:
    case Kind.ENUM:
      return node.value;
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((field) => [field.name.value, argumentValue(field.value, variables)]));
    case Kind.LIST:
      return node.values.map((value) => argumentValue(value, variables));
    default:
      return undefined;
  }
}

/**
 * The email a login names: `login(email: ...)` or `login(input: { email: ... })`, normalised as the users service
 * compares emails (trimmed, NFKC, lower case), so case variants of one account share its budget. Undefined when absent.
 */
export function emailArgument(field: RootField, variables: Record<string, unknown>): string | undefined {
  const args = Object.fromEntries((field.node.arguments ?? []).map((arg) => [arg.name.value, argumentValue(arg.value, variables)]));
  const input = args.input as Record<string, unknown> | undefined;
  const email = args.email ?? (input && typeof input === "object" ? input.email : undefined);
  return typeof email === "string" ? email.trim().normalize("NFKC").toLowerCase() : undefined;
}
