// Operation limits, checked before the router plans anything: tokens (at parse time), depth, aliases,
// directives, root fields (validation rules) and an estimated result size that reads list arguments.
import { maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import { maxDirectivesRule } from "@escape.tech/graphql-armor-max-directives";
import type { ApolloServerPlugin } from "@apollo/server";
import {
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from "graphql";

export interface OperationLimits {
  /** Lexical tokens in one document (Apollo Router: 15 000; Hive Gateway: 1 000). */
  maxTokens: number;
  /** Nesting of selection sets; introspection's `__schema` is exempt so Sandbox still works in development. */
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  /** Fields selected at the root of one operation. */
  maxRootFields: number;
  /** Largest `first:` accepted on any field. */
  maxPageSize: number;
  /** Largest estimated number of objects one operation may return (see estimateObjects). */
  maxCost: number;
  /** Assumed length of a list field that takes no `first:` argument (orders, order items). */
  defaultListSize: number;
}

/** Parse options: graphql-js stops lexing past maxTokens, before building any AST. */
export function parseLimits(limits: OperationLimits) {
  return { maxTokens: limits.maxTokens };
}

/** Counts root fields, following fragment spreads; introspection root fields are not counted. */
function maxRootFieldsRule(max: number): ValidationRule {
  return (context: ValidationContext) => {
    const count = (selectionSet: SelectionSetNode, seen: Set<string>): number =>
      selectionSet.selections.reduce((total, selection) => {
        if (selection.kind === Kind.FIELD) return total + (selection.name.value.startsWith("__") ? 0 : 1);
        if (selection.kind === Kind.INLINE_FRAGMENT) return total + count(selection.selectionSet, seen);
        const name = selection.name.value;
        const fragment = context.getFragment(name);
        if (!fragment || seen.has(name)) return total;
        return total + count(fragment.selectionSet, new Set([...seen, name]));
      }, 0);
    return {
      OperationDefinition(node: OperationDefinitionNode) {
        const fields = count(node.selectionSet, new Set());
        if (fields > max) {
          context.reportError(new GraphQLError(`Operations may select at most ${max} root fields, found ${fields}`, { nodes: [node] }));
        }
      },
    };
  };
}

/**
 * graphql-armor's rules throw by default (propagateOnRejection), which aborts validation as a 500 in Apollo
 * Server; report instead, so the client gets GRAPHQL_VALIDATION_FAILED with HTTP 400. Armor prefixes its
 * messages with "Syntax Error:", which they are not.
 */
const report = {
  propagateOnRejection: false,
  onReject: [
    (context: ValidationContext | null, error: GraphQLError) =>
      context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, ""))),
  ],
};

export function limitRules(limits: OperationLimits): ValidationRule[] {
  return [
    maxDepthRule({ n: limits.maxDepth, ignoreIntrospection: true, flattenFragments: true, ...report }),
    maxAliasesRule({ n: limits.maxAliases, ...report }),
    maxDirectivesRule({ n: limits.maxDirectives, ...report }),
    maxRootFieldsRule(limits.maxRootFields),
  ] as unknown as ValidationRule[];
}

class CostError extends GraphQLError {
  constructor(message: string, code: string) {
    super(message, { extensions: { code, http: { status: 400 } } });
  }
}

/** The type name inside a type reference such as `[Order!]!`, and whether it is a list. */
function describeType(type: { toString(): string }): { name: string; list: boolean } {
  const text = String(type);
  return { name: text.replace(/[[\]!]/g, ""), list: text.startsWith("[") };
}

/** The value of a field's `first:` argument: a literal, a variable, or the argument's default. */
function firstArgument(field: GraphQLField<unknown, unknown>, node: FieldNode, variables: Record<string, unknown>): unknown {
  const argument = node.arguments?.find((arg) => arg.name.value === "first");
  if (!argument) return field.args.find((arg) => arg.name === "first")?.defaultValue;
  if (argument.value.kind === Kind.INT) return Number(argument.value.value);
  if (argument.value.kind === Kind.VARIABLE) return variables[argument.value.name.value];
  return undefined;
}

/**
 * Estimates how many objects an operation can return: each object-typed field counts once per parent
 * object, and a field's `first:` argument (or, for a list without one, defaultListSize) multiplies
 * everything below it. graphql-armor's cost limit counts fields statically and never reads arguments,
 * so `items(first: 1000000)` would cost the same as `items(first: 1)`; this needs the variables,
 * which validation rules do not see, hence a plugin hook after the operation is resolved.
 * A connection's `first:` sizes the lists inside it (`edges`, `nodes`), not the connection itself.
 * Types are inspected by shape, not with graphql-js's instanceof helpers: the gateway's schema may come
 * from the CommonJS copy of graphql while this module gets the ESM one (as under vitest).
 */
export function estimateObjects(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Map<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  limits: OperationLimits,
): number {
  const visit = (selectionSet: SelectionSetNode, parent: GraphQLNamedType | undefined | null, multiplier: number, slice?: number): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        total += visit(selection.selectionSet, type, multiplier, slice);
      } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (fragment) total += visit(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value), multiplier, slice);
      } else if (!selection.name.value.startsWith("__")) {
        total += visitField(selection, parent, multiplier, slice);
      }
    }
    return total;
  };

  /** `slice`: the `first:` of the connection this field belongs to, which sizes its lists (edges, nodes). */
  const visitField = (node: FieldNode, parent: GraphQLNamedType | undefined | null, multiplier: number, slice?: number): number => {
    if (!parent || !("getFields" in parent) || !node.selectionSet) return 0;
    const field = parent.getFields()[node.name.value] as GraphQLField<unknown, unknown> | undefined;
    if (!field) return 0;
    const type = describeType(field.type);
    const first = firstArgument(field, node, variables);
    if (typeof first === "number" && first > limits.maxPageSize) {
      throw new CostError(`${node.name.value}(first:) may be at most ${limits.maxPageSize}`, "BAD_USER_INPUT");
    }
    const pageSize = typeof first === "number" ? Math.max(first, 0) : undefined;
    let count = multiplier;
    let childSlice: number | undefined;
    if (type.list) count *= pageSize ?? slice ?? limits.defaultListSize;
    else childSlice = pageSize; // a connection: one object whose lists hold `first` items
    return count + visit(node.selectionSet, schema.getType(type.name), count, childSlice);
  };

  const root = schema.getRootType(operation.operation);
  return root ? visit(operation.selectionSet, root, 1) : 0;
}

/** Refuses operations whose `first:` is above the page size or whose estimated size is above maxCost. */
export function costLimitPlugin<Context extends object>(limits: OperationLimits): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, operation, document, request }) {
          if (!operation) return;
          const fragments = new Map(
            document.definitions
              .filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION)
              .map((fragment) => [fragment.name.value, fragment]),
          );
          const cost = estimateObjects(schema, operation, fragments, request.variables ?? {}, limits);
          if (cost > limits.maxCost) {
            throw new CostError(
              `This operation could return about ${cost} objects, more than the limit of ${limits.maxCost}; ask for smaller pages`,
              "COST_ESTIMATED_TOO_EXPENSIVE",
            );
          }
        },
      };
    },
  };
}
