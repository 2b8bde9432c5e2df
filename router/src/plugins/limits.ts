// Operation limits, checked before the router plans anything: tokens (at parse time), depth, aliases,
// directives, root fields (validation rules) and an estimated result size that reads list arguments.
import { maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import { maxDirectivesRule } from "@escape.tech/graphql-armor-max-directives";
import type { ApolloServerPlugin } from "@apollo/server";
import { type DemandDirectives, demandDirectives, NO_DIRECTIVES } from "../limits/demand-directives.ts";
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

/** An argument's value in this operation: a literal, a variable, or the argument's default; `given` when the query names it. */
function argumentValue(field: GraphQLField<unknown, unknown>, node: FieldNode, name: string, variables: Record<string, unknown>): { value: unknown; given: boolean } {
  const argument = node.arguments?.find((arg) => arg.name.value === name);
  if (!argument) return { value: field.args.find((arg) => arg.name === name)?.defaultValue, given: false };
  if (argument.value.kind === Kind.INT) return { value: Number(argument.value.value), given: true };
  if (argument.value.kind === Kind.VARIABLE) return { value: variables[argument.value.name.value], given: true };
  return { value: undefined, given: true };
}

/** A composite type (object, interface, union) costs 1 by default; scalars and enums cost nothing. */
const isComposite = (type: GraphQLNamedType | undefined | null) => !!type && ("getFields" in type || "getTypes" in type);

/** What a parent connection's slicing argument sizes: its `sizedFields` (or, without @listSize, every list below it). */
interface Slice {
  size: number;
  fields?: ReadonlySet<string>;
}

/** Apollo Router's base cost of a mutation (its side effects cost more than reading). */
const MUTATION_COST = 10;

/**
 * Estimates an operation's cost as Apollo Router's demand control does, from the supergraph's `@cost` and
 * `@listSize` (demand-directives.ts): a composite field costs its `@cost` (or its type's, or 1), a scalar or enum
 * field its `@cost` (or 0), an argument given its `@cost`; a list multiplies its item's cost by its size: a parent
 * connection's slicing argument for its `sizedFields`, else the largest of its own slicing arguments, else its
 * `assumedSize`. Where a field has no `@listSize`, the older rule holds: its `first:` argument, or a connection's
 * `first:` for the lists inside it, or defaultListSize. A mutation adds 10.
 * graphql-armor's cost limit counts fields statically and never reads arguments, so `items(first: 1000000)` would
 * cost the same as `items(first: 1)`; this needs the variables, which validation rules do not see, hence a plugin
 * hook after the operation is resolved. Types are inspected by shape, not with graphql-js's instanceof helpers:
 * the gateway's schema may come from the CommonJS copy of graphql while this module gets the ESM one (as under vitest).
 */
export function estimateObjects(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Map<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  limits: OperationLimits,
  directives: DemandDirectives = NO_DIRECTIVES,
): number {
  const pageSize = (node: FieldNode, name: string, value: unknown): number | undefined => {
    if (typeof value !== "number") return undefined;
    if (value > limits.maxPageSize) throw new CostError(`${node.name.value}(${name}:) may be at most ${limits.maxPageSize}`, "BAD_USER_INPUT");
    return Math.max(value, 0);
  };

  const visit = (selectionSet: SelectionSetNode, parent: GraphQLNamedType | undefined | null, slice?: Slice): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        total += visit(selection.selectionSet, type, slice);
      } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (fragment) total += visit(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value), slice);
      } else if (!selection.name.value.startsWith("__")) {
        total += visitField(selection, parent, slice);
      }
    }
    return total;
  };

  const visitField = (node: FieldNode, parent: GraphQLNamedType | undefined | null, slice?: Slice): number => {
    if (!parent || !("getFields" in parent)) return 0;
    const field = parent.getFields()[node.name.value] as GraphQLField<unknown, unknown> | undefined;
    if (!field) return 0;
    const key = `${parent.name}.${field.name}`;
    const type = describeType(field.type);
    const named = schema.getType(type.name);
    const listSize = directives.listSize.get(key);

    // Slicing arguments: the field's @listSize names them; without one, `first:` is the old convention.
    const slicingNames = listSize?.slicingArguments ?? (listSize ? [] : ["first"]);
    const slicing = slicingNames.map((name) => ({ name, ...argumentValue(field, node, name, variables) }));
    if (listSize?.requireOneSlicingArgument && listSize.slicingArguments && slicing.filter((arg) => arg.given).length !== 1) {
      throw new CostError(`${node.name.value} needs exactly one of ${listSize.slicingArguments.join(", ")}`, "BAD_USER_INPUT");
    }
    const sizes = slicing.map((arg) => pageSize(node, arg.name, arg.value)).filter((size): size is number => size !== undefined);
    const sliced = sizes.length > 0 ? Math.max(...sizes) : undefined;

    let argumentsCost = 0;
    for (const argument of node.arguments ?? []) argumentsCost += directives.argumentCost.get(`${key}(${argument.name.value})`) ?? 0;
    const weight = directives.fieldCost.get(key) ?? directives.typeCost.get(type.name) ?? (isComposite(named) ? 1 : 0);

    // What this field's own slicing sizes below it: the named sizedFields, or (no @listSize) every list inside.
    const childSlice: Slice | undefined =
      sliced === undefined || type.list ? undefined : listSize?.sizedFields ? { size: sliced, fields: new Set(listSize.sizedFields) } : listSize ? undefined : { size: sliced };
    const children = node.selectionSet ? visit(node.selectionSet, named, childSlice) : 0;
    if (!type.list) return argumentsCost + weight + children;

    const fromParent = slice && (!slice.fields || slice.fields.has(field.name)) ? slice.size : undefined;
    const size = fromParent ?? sliced ?? listSize?.assumedSize ?? limits.defaultListSize;
    return argumentsCost + size * (weight + children);
  };

  const root = schema.getRootType(operation.operation);
  if (!root) return 0;
  return (operation.operation === "mutation" ? MUTATION_COST : 0) + visit(operation.selectionSet, root);
}

/** Refuses operations whose `first:` is above the page size or whose estimated size is above maxCost. */
export function costLimitPlugin<Context extends object>(limits: OperationLimits, supergraphSdl: () => string | undefined): ApolloServerPlugin<Context> {
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
          const sdl = supergraphSdl();
          const cost = estimateObjects(schema, operation, fragments, request.variables ?? {}, limits, sdl ? demandDirectives(sdl) : NO_DIRECTIVES);
          if (cost > limits.maxCost) {
            throw new CostError(
              `This operation's estimated cost is ${cost} (about that many objects), more than the limit of ${limits.maxCost}; ask for smaller pages, fewer nested lists or fewer aliases`,
              "COST_ESTIMATED_TOO_EXPENSIVE",
            );
          }
        },
      };
    },
  };
}
