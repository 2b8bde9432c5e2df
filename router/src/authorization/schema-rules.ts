// The authorization rules of one supergraph, read once per schema load from the directive applications the
// router keeps (the gateway never sees them): per type and per field, what a caller must have. A field's rule
// already includes its return type's (a field returning a type that needs a signed-in user needs one too); an
// interface and its fields need what every implementation needs (composition does the same since Federation
// 2.9; older supergraphs get it here). Plain data, so requests only walk maps.
import { type DirectiveNode, type DocumentNode, Kind, parse, type TypeNode, type ValueNode } from "graphql";
import { type AuthorizationNames, authorizationNames, buildSupergraph } from "./security-features.ts";
import { both, type Requirement } from "./requirements.ts";

export interface FieldRule {
  /** The named type the field returns. */
  type: string;
  /** Nullability from the outside in: the field's value, then each list level's items. */
  nullable: readonly boolean[];
  requirement?: Requirement;
}

export interface TypeRule {
  kind: "object" | "interface" | "union" | "leaf";
  requirement?: Requirement;
  fields: ReadonlyMap<string, FieldRule>;
  /** The object types a value of this type may be (itself for an object type). */
  possibleTypes: ReadonlySet<string>;
}

export interface AuthorizationRules {
  types: ReadonlyMap<string, TypeRule>;
  roots: { query: string; mutation: string; subscription: string };
  /** Every scope some rule names: only these of a caller's scopes can change an outcome. */
  scopes: ReadonlySet<string>;
  /** Whether anything in the schema asks for authorization at all (if not, requests are not walked). */
  any: boolean;
}

type Directives = readonly DirectiveNode[] | undefined;

function shape(type: TypeNode): { type: string; nullable: boolean[] } {
  const nullable: boolean[] = [];
  let current = type;
  for (;;) {
    nullable.push(current.kind !== Kind.NON_NULL_TYPE);
    if (current.kind === Kind.NON_NULL_TYPE) current = current.type;
    if (current.kind === Kind.NAMED_TYPE) return { type: current.name.value, nullable };
    if (current.kind === Kind.LIST_TYPE) current = current.type;
  }
}

const stringSets = (value: ValueNode | undefined): string[][] =>
  value?.kind === Kind.LIST
    ? value.values.map((set) => (set.kind === Kind.LIST ? set.values.flatMap((item) => (item.kind === Kind.STRING ? [item.value] : [])) : []))
    : [];

function ownRequirement(directives: Directives, names: AuthorizationNames): Requirement | undefined {
  let requirement: Requirement | undefined;
  for (const directive of directives ?? []) {
    const name = directive.name.value;
    const argument = (arg: string) => directive.arguments?.find((a) => a.name.value === arg)?.value;
    if (name === names.directives.authenticated) requirement = both(requirement, { authenticated: true });
    else if (name === names.directives.requiresScopes) requirement = both(requirement, { authenticated: false, scopes: stringSets(argument("scopes")) });
    else if (name === names.directives.policy) requirement = both(requirement, { authenticated: false, policies: stringSets(argument("policies")) });
  }
  return requirement;
}

interface Draft {
  kind: TypeRule["kind"];
  own?: Requirement;
  fields: Array<{ name: string; type: TypeNode; own?: Requirement }>;
  members: string[];
  interfaces: string[];
}

function drafts(document: DocumentNode, names: AuthorizationNames): Map<string, Draft> {
  const types = new Map<string, Draft>();
  for (const definition of document.definitions) {
    const draft = (kind: Draft["kind"]): Draft => ({ kind, own: ownRequirement("directives" in definition ? definition.directives : undefined, names), fields: [], members: [], interfaces: [] });
    switch (definition.kind) {
      case Kind.OBJECT_TYPE_DEFINITION:
      case Kind.INTERFACE_TYPE_DEFINITION: {
        const type = draft(definition.kind === Kind.OBJECT_TYPE_DEFINITION ? "object" : "interface");
        type.fields = (definition.fields ?? []).map((field) => ({ name: field.name.value, type: field.type, own: ownRequirement(field.directives, names) }));
        type.interfaces = (definition.interfaces ?? []).map((i) => i.name.value);
        types.set(definition.name.value, type);
        break;
      }
      case Kind.UNION_TYPE_DEFINITION: {
        const type = draft("union");
        type.members = (definition.types ?? []).map((member) => member.name.value);
        types.set(definition.name.value, type);
        break;
      }
      case Kind.SCALAR_TYPE_DEFINITION:
      case Kind.ENUM_TYPE_DEFINITION:
        types.set(definition.name.value, draft("leaf"));
        break;
      default:
    }
  }
  return types;
}

function rootNames(document: DocumentNode): AuthorizationRules["roots"] {
  const roots = { query: "Query", mutation: "Mutation", subscription: "Subscription" };
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.SCHEMA_DEFINITION) continue;
    for (const operation of definition.operationTypes) roots[operation.operation] = operation.type.name.value;
  }
  return roots;
}

/** The rules of a supergraph (with its directive applications); `names` when the caller already has them. */
export function authorizationRules(supergraphSdl: string, names = authorizationNames(buildSupergraph(supergraphSdl, false).schema)): AuthorizationRules {
  const document = parse(supergraphSdl);
  const draftTypes = drafts(document, names);
  const possible = new Map<string, Set<string>>();
  for (const [name, draft] of draftTypes) {
    if (draft.kind === "object") {
      possible.set(name, new Set([name]));
      for (const i of draft.interfaces) possible.set(i, (possible.get(i) ?? new Set()).add(name));
    }
    if (draft.kind === "union") possible.set(name, new Set(draft.members));
  }
  const possibleOf = (name: string) => possible.get(name) ?? new Set<string>();

  // Type requirements: an interface needs what each of its implementations needs.
  const typeRequirement = new Map<string, Requirement | undefined>();
  for (const [name, draft] of draftTypes) {
    let requirement = draft.own;
    if (draft.kind === "interface") for (const object of possibleOf(name)) requirement = both(requirement, draftTypes.get(object)?.own);
    if (draft.kind !== "union") typeRequirement.set(name, requirement);
  }
  // Field requirements: the field's own and its return type's; an interface field's also each implementation's.
  const fieldRequirement = (field: Draft["fields"][number]) => both(field.own, typeRequirement.get(shape(field.type).type));
  const types = new Map<string, TypeRule>();
  let any = false;
  const scopes = new Set<string>();
  for (const [name, draft] of draftTypes) {
    const fields = new Map<string, FieldRule>();
    for (const field of draft.fields) {
      let requirement = fieldRequirement(field);
      if (draft.kind === "interface") {
        for (const object of possibleOf(name)) {
          const implementation = draftTypes.get(object)?.fields.find((f) => f.name === field.name);
          if (implementation) requirement = both(requirement, fieldRequirement(implementation));
        }
      }
      fields.set(field.name, { ...shape(field.type), ...(requirement ? { requirement } : {}) });
    }
    const requirement = typeRequirement.get(name);
    for (const r of [requirement, ...[...fields.values()].map((f) => f.requirement)]) {
      if (!r) continue;
      any = true;
      for (const set of r.scopes ?? []) for (const scope of set) scopes.add(scope);
    }
    types.set(name, { kind: draft.kind, ...(requirement ? { requirement } : {}), fields, possibleTypes: possibleOf(name) });
  }
  return { types, roots: rootNames(document), scopes, any };
}
