// The demand-control directives of a supergraph, as Apollo Router's demand control reads them: `@cost(weight:)` on
// types, fields and arguments, and `@listSize(assumedSize:, slicingArguments:, sizedFields:,
// requireOneSlicingArgument:)` on list fields. Composition copies them onto the supergraph's definitions (or, under
// another name, into `@join__directive(name:, args:)` applications): both forms are read. The API schema the
// gateway hands the plugins has lost them, hence this map, built once per supergraph.
import { type DirectiveNode, Kind, parse, valueFromASTUntyped } from "graphql";

export interface ListSize {
  assumedSize?: number;
  slicingArguments?: string[];
  sizedFields?: string[];
  requireOneSlicingArgument: boolean;
}

export interface DemandDirectives {
  /** `@cost` of a type, by type name. */
  typeCost: Map<string, number>;
  /** `@cost` of a field, by `Type.field`. */
  fieldCost: Map<string, number>;
  /** `@cost` of an argument, by `Type.field(argument)`. */
  argumentCost: Map<string, number>;
  /** `@listSize` of a field, by `Type.field`. */
  listSize: Map<string, ListSize>;
}

export const NO_DIRECTIVES: DemandDirectives = { typeCost: new Map(), fieldCost: new Map(), argumentCost: new Map(), listSize: new Map() };

/** A directive application as name and arguments: a direct one, or one carried by `@join__directive`. */
function applications(directives: readonly DirectiveNode[] | undefined): Array<{ name: string; args: Record<string, unknown> }> {
  return (directives ?? []).flatMap((directive) => {
    const args = Object.fromEntries((directive.arguments ?? []).map((arg) => [arg.name.value, valueFromASTUntyped(arg.value)]));
    if (directive.name.value === "join__directive") {
      return typeof args.name === "string" ? [{ name: args.name, args: (args.args ?? {}) as Record<string, unknown> }] : [];
    }
    return [{ name: directive.name.value, args }];
  });
}

const costOf = (directives: readonly DirectiveNode[] | undefined) => {
  const cost = applications(directives).find((applied) => applied.name === "cost");
  return typeof cost?.args.weight === "number" ? cost.args.weight : undefined;
};

function listSizeOf(directives: readonly DirectiveNode[] | undefined): ListSize | undefined {
  const applied = applications(directives).find((application) => application.name === "listSize");
  if (!applied) return undefined;
  const { assumedSize, slicingArguments, sizedFields, requireOneSlicingArgument } = applied.args;
  return {
    ...(typeof assumedSize === "number" ? { assumedSize } : {}),
    ...(Array.isArray(slicingArguments) ? { slicingArguments: slicingArguments.map(String) } : {}),
    ...(Array.isArray(sizedFields) ? { sizedFields: sizedFields.map(String) } : {}),
    requireOneSlicingArgument: requireOneSlicingArgument !== false,
  };
}

let last: { sdl: string; directives: DemandDirectives } | undefined;

/** The directives of a supergraph SDL (the last one's answer is kept: the router serves one supergraph at a time). */
export function demandDirectives(supergraphSdl: string): DemandDirectives {
  if (last?.sdl === supergraphSdl) return last.directives;
  const directives: DemandDirectives = { typeCost: new Map(), fieldCost: new Map(), argumentCost: new Map(), listSize: new Map() };
  for (const definition of parse(supergraphSdl).definitions) {
    if (!("name" in definition) || !definition.name || !("directives" in definition)) continue;
    const type = definition.name.value;
    const typeCost = costOf(definition.directives);
    if (typeCost !== undefined) directives.typeCost.set(type, typeCost);
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.INTERFACE_TYPE_DEFINITION) continue;
    for (const field of definition.fields ?? []) {
      const key = `${type}.${field.name.value}`;
      const cost = costOf(field.directives);
      if (cost !== undefined) directives.fieldCost.set(key, cost);
      const listSize = listSizeOf(field.directives);
      if (listSize) directives.listSize.set(key, listSize);
      for (const argument of field.arguments ?? []) {
        const argumentCost = costOf(argument.directives);
        if (argumentCost !== undefined) directives.argumentCost.set(`${key}(${argument.name.value})`, argumentCost);
      }
    }
  }
  last = { sdl: supergraphSdl, directives };
  return directives;
}
