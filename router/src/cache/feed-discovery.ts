// Which subgraphs of a supergraph offer an entity change feed: those whose schema declares the contract's query
// field (docs/change-feed.md), read from the supergraph's join directives. A plain parse, not a supergraph
// extraction: this runs at every supergraph load, and extracting every subgraph's schema costs ~100x more.
import { type ConstDirectiveNode, type DocumentNode, Kind, parse, type ValueNode } from "graphql";
import { CHANGE_FEED_FIELD } from "./change-feed.ts";

function argument(directive: ConstDirectiveNode, name: string): ValueNode | undefined {
  return directive.arguments?.find((arg) => arg.name.value === name)?.value;
}

const isTrue = (value: ValueNode | undefined) => value?.kind === Kind.BOOLEAN && value.value;

/** join__Graph's enum values and the subgraph names their @join__graph gives. */
function graphNames(document: DocumentNode): Map<string, string> {
  const names = new Map<string, string>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.ENUM_TYPE_DEFINITION || definition.name.value !== "join__Graph") continue;
    for (const value of definition.values ?? []) {
      const name = value.directives?.find((d) => d.name.value === "join__graph");
      const given = name && argument(name, "name");
      if (given?.kind === Kind.STRING) names.set(value.name.value, given.value);
    }
  }
  return names;
}

function queryTypeName(document: DocumentNode): string {
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.SCHEMA_DEFINITION) continue;
    const query = definition.operationTypes.find((type) => type.operation === "query");
    if (query) return query.type.name.value;
  }
  return "Query";
}

/**
 * Names of the subgraphs that declare `Query.<field>`: the graphs of its @join__field directives (less any where
 * it is external or overridden), or, with none, every graph that defines the query type.
 */
export function subgraphsDeclaringQueryField(supergraphSdl: string, field = CHANGE_FEED_FIELD): string[] {
  const document = parse(supergraphSdl, { noLocation: true });
  const names = graphNames(document);
  const queryType = queryTypeName(document);
  const graphs = new Set<string>();
  const typeGraphs = new Set<string>();
  let declared = false;
  let joined = false;
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    if (definition.name.value !== queryType) continue;
    for (const directive of definition.directives ?? []) {
      const graph = directive.name.value === "join__type" ? argument(directive, "graph") : undefined;
      if (graph?.kind === Kind.ENUM) typeGraphs.add(graph.value);
    }
    const node = definition.fields?.find((candidate) => candidate.name.value === field);
    if (!node) continue;
    declared = true;
    for (const directive of node.directives ?? []) {
      if (directive.name.value !== "join__field") continue;
      joined = true;
      const graph = argument(directive, "graph");
      if (graph?.kind !== Kind.ENUM || isTrue(argument(directive, "external")) || isTrue(argument(directive, "usedOverridden"))) continue;
      graphs.add(graph.value);
    }
  }
  if (!declared) return [];
  const owners = joined ? graphs : typeGraphs;
  return [...owners].map((graph) => names.get(graph)).filter((name): name is string => name !== undefined).sort();
}
