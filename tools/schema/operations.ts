// Finds the client operations kept in the repository and validates them against an API schema.
import { readFileSync } from "node:fs";
import path from "node:path";
import { validate } from "@graphql-inspector/core";
import { type DefinitionNode, type GraphQLError, type GraphQLSchema, Kind, parse, Source } from "graphql";
import { globSync } from "tinyglobby";

/**
 * Where clients keep their operations, relative to the repository root: the storefront's documents (.graphql
 * files and gql/graphql tags in its code) and the operations the integration tests send through the router.
 * Subgraph tests are left out on purpose: they query a subgraph's own schema (`_entities`), not the API.
 */
export const DEFAULT_DOCUMENT_GLOBS = [
  "storefront/src/**/*.graphql",
  "storefront/src/**/*.{ts,tsx}",
  "test/**/*.graphql",
  "router/test/**/*.graphql",
];

const IGNORED = ["**/node_modules/**", "**/__generated__/**", "**/dist/**"];

/** One document found in the repository; `name` is its path relative to the root. */
export async function collectDocuments(root: string, globs: string[] = DEFAULT_DOCUMENT_GLOBS): Promise<Source[]> {
  const files = globSync(globs, { cwd: root, ignore: IGNORED, onlyFiles: true }).sort();
  // The code parser (Babel) takes a while to load: only when there is code to read.
  const pluck = files.some((file) => !file.endsWith(".graphql"))
    ? (await import("@graphql-tools/graphql-tag-pluck")).gqlPluckFromCodeStringSync
    : null;
  return files.flatMap((file) => {
    const text = readFileSync(path.join(root, file), "utf8");
    if (file.endsWith(".graphql")) return text.trim() ? [new Source(text, file)] : [];
    // Code files: every gql`...` / graphql(`...`) document, each keeping its position in the file.
    return (pluck?.(file, text, { skipIndent: true }) ?? []).map((source) => new Source(source.body, file, source.locationOffset));
  });
}

export interface OperationProblem {
  /** The file of the operation that fails. */
  file: string;
  /** The operation, e.g. `query ProductsPage` (with `via fragment X` when the problem is in a fragment it spreads). */
  operation: string;
  /** Where the problem is: `file:line` (the fragment's file when it lives elsewhere). */
  location: string;
  message: string;
  /** "error" fails the check; "deprecated" is a note that the operation uses a deprecated element. */
  severity: "error" | "deprecated";
}

function describe(definition: DefinitionNode): string | null {
  if (definition.kind === Kind.OPERATION_DEFINITION) return `${definition.operation} ${definition.name?.value ?? "(anonymous)"}`;
  if (definition.kind === Kind.FRAGMENT_DEFINITION) return `fragment ${definition.name.value}`;
  return null;
}

function definitionsOf(source: Source): readonly DefinitionNode[] {
  try {
    return parse(source).definitions;
  } catch {
    return [];
  }
}

/** The operation or fragment of `source` that holds `position`, or every operation of the source. */
function definitionAt(source: Source, position: number | undefined): string {
  const definitions = definitionsOf(source);
  const inside = definitions.find(
    (definition) => position !== undefined && definition.loc && definition.loc.start <= position && position < definition.loc.end,
  );
  if (inside) return describe(inside) ?? "(document)";
  const operations = definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION).map(describe);
  return operations.join(", ") || "(document)";
}

function problemOf(
  sources: Source[],
  document: Source,
  error: GraphQLError,
  severity: OperationProblem["severity"],
): OperationProblem {
  // The error is in the operation's file or in the file of a fragment it spreads. graphql-inspector parses
  // bodies without their names, so the file is found again by its text.
  const where = sources.find((source) => source.body === error.source?.body) ?? document;
  const position = error.positions?.[0];
  const location = error.locations?.[0];
  const line = location ? location.line + where.locationOffset.line - 1 : null;
  const inOperationFile = where === document;
  const operation = inOperationFile
    ? definitionAt(document, position)
    : `${definitionAt(document, undefined)} via ${definitionAt(where, position)}`;
  return { file: document.name, operation, location: `${where.name}${line ? `:${line}` : ""}`, message: error.message, severity };
}

/** Validates every document against `schema` (fragments may live in other documents). */
export function checkOperations(schema: GraphQLSchema, sources: Source[]): OperationProblem[] {
  const invalid = validate(schema, sources, { strictDeprecated: true, apollo: true });
  return invalid.flatMap((document) => [
    ...document.errors.map((error) => problemOf(sources, document.source, error, "error")),
    ...document.deprecated.map((error) => problemOf(sources, document.source, error, "deprecated")),
  ]);
}
