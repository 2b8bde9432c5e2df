// Classifies the differences between two API schemas (graphql-inspector) and decides which breaking ones may land.
import { type Change, CriticalityLevel, DiffRule, diff } from "@graphql-inspector/core";
import type { GraphQLSchema } from "graphql";
import type { Acknowledgement } from "./acknowledgements.ts";

export type ChangeLevel = "breaking" | "dangerous" | "safe";

export interface SchemaChange {
  level: ChangeLevel;
  /** graphql-inspector's change type, e.g. FIELD_REMOVED. */
  type: string;
  /** The schema coordinate changed, e.g. Product.priceCents (null for schema-wide changes). */
  coordinate: string | null;
  message: string;
  /** For a breaking change that may land anyway: why. */
  allowedBecause?: { kind: "deprecated"; reason: string } | { kind: "acknowledged"; reason: string } | { kind: "flag" };
}

const LEVELS: Record<string, ChangeLevel> = {
  [CriticalityLevel.Breaking]: "breaking",
  [CriticalityLevel.Dangerous]: "dangerous",
  [CriticalityLevel.NonBreaking]: "safe",
};

const REMOVALS = new Set(["FIELD_REMOVED", "ENUM_VALUE_REMOVED", "INPUT_FIELD_REMOVED"]);

/** The deprecation reason of the element a removal took away, when the base schema had it @deprecated. */
function deprecationOf(base: GraphQLSchema | null, change: Change): string | null {
  if (!base || !REMOVALS.has(change.type) || !change.path) return null;
  const [typeName, memberName] = change.path.split(".");
  const type = typeName ? base.getType(typeName) : undefined;
  if (!type || !memberName) return null;
  // Duck-typed rather than isObjectType() & co: the schema comes from federation's copy of graphql-js, which
  // may be another module instance than ours (CommonJS vs ESM), and graphql-js's instanceof checks refuse those.
  if ("getFields" in type) return type.getFields()[memberName]?.deprecationReason ?? null;
  if ("getValue" in type) return type.getValue(memberName)?.deprecationReason ?? null;
  return null;
}

export interface DiffOptions {
  acknowledgements: Acknowledgement[];
  /** Lets every breaking change through (an explicit, one-off override: `--allow-breaking`). */
  allowBreaking?: boolean;
}

/** Every change from `base` to `next`, breaking ones marked when deprecation, an acknowledgement or the flag allows them. */
export async function diffApiSchemas(base: GraphQLSchema | null, next: GraphQLSchema, options: DiffOptions): Promise<SchemaChange[]> {
  // Descriptions are documentation, not contract: leaving their changes out keeps the report about what clients depend on.
  const changes = await diff(base, next, [DiffRule.ignoreDescriptionChanges]);
  return changes.map((change) => {
    const result: SchemaChange = {
      level: LEVELS[change.criticality.level] ?? "breaking",
      type: change.type,
      coordinate: change.path ?? null,
      message: change.message,
    };
    if (result.level !== "breaking") return result;
    const deprecation = deprecationOf(base, change);
    const acknowledgement = options.acknowledgements.find(
      (entry) => entry.coordinate === result.coordinate && (!entry.change || entry.change === change.type),
    );
    if (deprecation !== null) result.allowedBecause = { kind: "deprecated", reason: deprecation };
    else if (acknowledgement) result.allowedBecause = { kind: "acknowledged", reason: acknowledgement.reason };
    else if (options.allowBreaking) result.allowedBecause = { kind: "flag" };
    return result;
  });
}

/** The breaking changes that nothing allows: each one fails the check. */
export function blockingChanges(changes: SchemaChange[]): SchemaChange[] {
  return changes.filter((change) => change.level === "breaking" && !change.allowedBecause);
}
