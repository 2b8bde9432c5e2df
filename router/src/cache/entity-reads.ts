// What a cached subgraph answer read, so that a reported change purges only the answers it may affect
// (invalidation.ts). Only an entity fetch (`_entities(representations: ...)`, the gateway's fetch of fields of
// entities it already holds) says which entities it read: their typenames and ids are in its representations and
// its fields in its selection. Any other fetch (a list, a search, a lookup by argument) may hold any entity, in an
// order or a membership that any change can move, so every change purges it.
import { type DocumentNode, Kind, parse, type SelectionSetNode } from "graphql";
import type { EntityChange } from "./change-feed.ts";

export interface EntityReads {
  typenames: ReadonlySet<string>;
  /** The representations' `id`s; null when some representation has no string id (then any id may match). */
  ids: ReadonlySet<string> | null;
  /** Every field name selected, at any depth (not per type: a superset). */
  fields: ReadonlySet<string>;
  /** Some selected field has a selection of its own: it may reach entities of other types. */
  nested: boolean;
}

interface Shape {
  /** The variable holding the representations. */
  variable: string;
  fields: Set<string>;
  nested: boolean;
}

const MAX_SHAPES = 1_000;
/** By query text: the gateway sends the same few fetch documents again and again (one per plan node). */
const shapes = new Map<string, Shape | null>();

function collect(selectionSet: SelectionSetNode, document: DocumentNode, shape: Shape, seen: Set<string>, depth: number): void {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith("__")) continue;
      shape.fields.add(selection.name.value);
      if (selection.selectionSet) {
        shape.nested = true;
        collect(selection.selectionSet, document, shape, seen, depth + 1);
      }
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      collect(selection.selectionSet, document, shape, seen, depth);
    } else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = document.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === selection.name.value);
      if (fragment?.kind === Kind.FRAGMENT_DEFINITION) collect(fragment.selectionSet, document, shape, seen, depth);
    }
  }
}

/** The entity fetch's shape, or null for any other fetch (or one this cannot read: purged by every change). */
function shapeOf(query: string): Shape | null {
  let document: DocumentNode;
  try {
    document = parse(query, { noLocation: true });
  } catch {
    return null;
  }
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const root = operations.length === 1 ? operations[0] : undefined;
  if (root?.kind !== Kind.OPERATION_DEFINITION || root.operation !== "query") return null;
  const [field, ...others] = root.selectionSet.selections;
  if (others.length > 0 || field?.kind !== Kind.FIELD || field.name.value !== "_entities" || !field.selectionSet) return null;
  const argument = field.arguments?.find((arg) => arg.name.value === "representations")?.value;
  if (argument?.kind !== Kind.VARIABLE) return null;
  const shape: Shape = { variable: argument.name.value, fields: new Set(), nested: false };
  collect(field.selectionSet, document, shape, new Set(), 0);
  return shape;
}

/** What this fetch reads, when it is an entity fetch; undefined otherwise. */
export function entityReadsOf(query: string, variables: Record<string, unknown> | undefined): EntityReads | undefined {
  let shape = shapes.get(query);
  if (shape === undefined) {
    shape = shapeOf(query);
    if (shapes.size >= MAX_SHAPES) shapes.clear();
    shapes.set(query, shape);
  }
  if (!shape) return undefined;
  const representations = variables?.[shape.variable];
  if (!Array.isArray(representations)) return undefined;
  const typenames = new Set<string>();
  let ids: Set<string> | null = new Set<string>();
  for (const representation of representations as Array<Record<string, unknown> | null>) {
    const typename = representation?.__typename;
    if (typeof typename !== "string") return undefined;
    typenames.add(typename);
    const id = representation?.id;
    if (typeof id === "string" && ids) ids.add(id);
    else ids = null;
  }
  return { typenames, ids, fields: shape.fields, nested: shape.nested };
}

/**
 * Whether `change` may affect an answer that read `reads` (undefined: not an entity fetch, always affected). Kept
 * only when sure: the change names its fields and none of them is selected; or the answer holds no nested
 * objects and the change is of another type, or of other ids.
 */
export function affects(change: EntityChange, reads: EntityReads | undefined): boolean {
  if (!reads) return true;
  if (change.fields && !change.fields.some((field) => reads.fields.has(field))) return false;
  if (reads.nested) return true;
  if (!reads.typenames.has(change.typename)) return false;
  return reads.ids === null || change.ids.some((id) => reads.ids!.has(id));
}
