// The monolith's executable schema: the supergraph's API schema, every field resolved in-process by the
// resolver of the subgraph that owns it. An entity reaching a field another subgraph owns (an Order from
// orders asked for its payment) first goes through that subgraph's __resolveReference with a representation
// built from its key, as the router's `_entities` fetch would; the subgraphs' DataLoaders batch those calls.
import {
  defaultFieldResolver,
  type DirectiveNode,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  getNamedType,
  isObjectType,
  Kind,
  parse,
} from "graphql";

/** One subgraph's code, run in-process: its SDL, its resolver map and its per-request context. */
export interface Domain {
  name: string;
  sdl: string;
  resolvers: Record<string, object | undefined>;
}

/** The GraphQL context of one monolith request: each domain's own context, built on first use. */
export interface MonolithContext {
  contextOf(domain: string): object;
}

type AnyResolver = GraphQLFieldResolver<unknown, object, Record<string, unknown>>;
type ReferenceResolver = (reference: Record<string, unknown>, context: object, info: GraphQLResolveInfo) => unknown;

interface TypeInSubgraph {
  fields: Set<string>;
  /** Key fields of a resolvable @key (empty when the subgraph cannot resolve references of this type). */
  keys: string[];
}

function stringArgument(directive: DirectiveNode, name: string): string | undefined {
  const value = directive.arguments?.find((a) => a.name.value === name)?.value;
  return value?.kind === Kind.STRING ? value.value : undefined;
}

function booleanArgument(directive: DirectiveNode, name: string): boolean | undefined {
  const value = directive.arguments?.find((a) => a.name.value === name)?.value;
  return value?.kind === Kind.BOOLEAN ? value.value : undefined;
}

/** Which object types and fields a subgraph's SDL defines, and the keys by which it resolves references. */
export function subgraphTypes(sdl: string): Map<string, TypeInSubgraph> {
  const types = new Map<string, TypeInSubgraph>();
  for (const definition of parse(sdl).definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    const type = types.get(definition.name.value) ?? { fields: new Set<string>(), keys: [] };
    for (const field of definition.fields ?? []) type.fields.add(field.name.value);
    for (const directive of definition.directives ?? []) {
      if (directive.name.value !== "key" || booleanArgument(directive, "resolvable") === false) continue;
      const fields = stringArgument(directive, "fields") ?? "";
      if (/[{}]/.test(fields)) throw new Error(`the monolith supports only flat keys, not "${fields}"`);
      type.keys = fields.split(/\s+/).filter(Boolean);
    }
    types.set(definition.name.value, type);
  }
  return types;
}

const isPromise = (value: unknown): value is Promise<unknown> => typeof (value as Promise<unknown> | null)?.then === "function";

/** Sets every object field's resolver of `apiSchema` (mutated in place and returned). */
export function bindResolvers(apiSchema: GraphQLSchema, domains: Domain[]): GraphQLSchema {
  const typesOf = new Map(domains.map((d) => [d.name, subgraphTypes(d.sdl)]));
  /** The domain whose resolver produced an object. */
  const sourceOf = new WeakMap<object, Domain>();
  /** An object's reference in other domains, resolved at most once per object and domain. */
  const references = new WeakMap<object, Map<string, Promise<unknown>>>();

  const mark = (value: unknown, domain: Domain): unknown => {
    if (Array.isArray(value)) for (const item of value) mark(item, domain);
    else if (value !== null && typeof value === "object") sourceOf.set(value, domain);
    return value;
  };
  const tag = (value: unknown, domain: Domain) => (isPromise(value) ? value.then((v) => mark(v, domain)) : mark(value, domain));
  const resolverOf = (domain: Domain, type: string, field: string): AnyResolver =>
    ((domain.resolvers[type] as Record<string, AnyResolver> | undefined)?.[field] ?? defaultFieldResolver) as AnyResolver;

  function reference(parent: object, source: Domain, target: Domain, type: string, context: MonolithContext, info: GraphQLResolveInfo) {
    let byDomain = references.get(parent);
    if (!byDomain) {
      byDomain = new Map();
      references.set(parent, byDomain);
    }
    let found = byDomain.get(target.name);
    if (!found) {
      found = (async () => {
        const representation: Record<string, unknown> = { __typename: type };
        for (const key of typesOf.get(target.name)!.get(type)!.keys) {
          // The source's own resolver of the key field when it has one, else the property (as graphql-js would).
          const own = (source.resolvers[type] as Record<string, AnyResolver> | undefined)?.[key];
          representation[key] = own ? await own(parent, {}, context.contextOf(source.name), info) : (parent as Record<string, unknown>)[key];
        }
        const resolve = (target.resolvers[type] as { __resolveReference?: ReferenceResolver } | undefined)?.__resolveReference;
        const resolved = resolve ? await resolve(representation, context.contextOf(target.name), info) : representation;
        return mark(resolved, target);
      })();
      byDomain.set(target.name, found);
    }
    return found;
  }

  for (const type of Object.values(apiSchema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    for (const field of Object.values(type.getFields())) {
      const definers = domains.filter((d) => typesOf.get(d.name)?.get(type.name)?.fields.has(field.name));
      if (definers.length === 0) throw new Error(`no subgraph defines ${type.name}.${field.name}`);
      // Reached from another domain's object: the one that can resolve references of this type owns the field.
      const owner = definers.find((d) => typesOf.get(d.name)!.get(type.name)!.keys.length > 0) ?? definers[0]!;
      const returnsObject = isObjectType(getNamedType(field.type));
      const resolvers = new Map(definers.map((d) => [d, resolverOf(d, type.name, field.name)]));
      field.resolve = (parent: object, args, context: MonolithContext, info) => {
        const source = sourceOf.get(parent);
        const local = source === undefined ? owner : resolvers.has(source) ? source : undefined;
        if (local) {
          const value = resolvers.get(local)!(parent, args, context.contextOf(local.name), info);
          return returnsObject ? tag(value, local) : value;
        }
        return reference(parent, source!, owner, type.name, context, info).then((target) => {
          if (target === null || target === undefined) return null;
          const value = resolvers.get(owner)!(target, args, context.contextOf(owner.name), info);
          return returnsObject ? tag(value, owner) : value;
        });
      };
    }
  }
  return apiSchema;
}
