// The whole schema check: compose the working tree, diff its API schema against a base, validate client operations.
import { readFileSync, existsSync } from "node:fs";
import path from "node:path";
import type { CompositionProblem } from "../../router/src/supergraph.ts";
import { readAcknowledgements } from "./acknowledgements.ts";
import { loadBase } from "./base.ts";
import { apiSchemaOf, composeFromConfig, renderSupergraphFile } from "./compose.ts";
import { blockingChanges, diffApiSchemas, type SchemaChange } from "./diff.ts";
import { checkOperations, collectDocuments, DEFAULT_DOCUMENT_GLOBS, type OperationProblem } from "./operations.ts";

export interface CheckOptions {
  /** Repository root; the other paths are relative to it. */
  root: string;
  config?: string;
  supergraph?: string;
  acknowledgements?: string;
  /** A git revision whose supergraph.graphql is the base, instead of the working tree's. */
  baseRef?: string;
  allowBreaking?: boolean;
  documentGlobs?: string[];
}

export interface CheckResult {
  ok: boolean;
  composition: { ok: boolean; errors: CompositionProblem[]; hints: CompositionProblem[] };
  /** Null when composition failed (nothing to compare). */
  diff: { base: string; changes: SchemaChange[]; blocking: SchemaChange[] } | null;
  operations: { documents: number; problems: OperationProblem[] } | null;
  /** True when supergraph.graphql does not hold this composition (run `pnpm compose` to record it). */
  supergraphFileStale: boolean;
}

export const DEFAULTS = {
  config: "supergraph.yaml",
  supergraph: "supergraph.graphql",
  acknowledgements: "schema-changes.yaml",
};

export async function runSchemaCheck(options: CheckOptions): Promise<CheckResult> {
  const at = (file: string) => path.resolve(options.root, file);
  const composition = composeFromConfig(at(options.config ?? DEFAULTS.config));
  if (!composition.ok) {
    return {
      ok: false,
      composition: { ok: false, errors: composition.errors, hints: [] },
      diff: null,
      operations: null,
      supergraphFileStale: true,
    };
  }
  const next = apiSchemaOf(composition.supergraphSdl);
  const supergraphFile = at(options.supergraph ?? DEFAULTS.supergraph);
  const base = loadBase(options.root, supergraphFile, options.baseRef, options.config ?? DEFAULTS.config);
  const changes = await diffApiSchemas(base.supergraphSdl ? apiSchemaOf(base.supergraphSdl) : null, next, {
    acknowledgements: readAcknowledgements(at(options.acknowledgements ?? DEFAULTS.acknowledgements)),
    allowBreaking: options.allowBreaking ?? false,
  });
  const blocking = blockingChanges(changes);
  const documents = await collectDocuments(options.root, options.documentGlobs ?? DEFAULT_DOCUMENT_GLOBS);
  const problems = checkOperations(next, documents);
  const rendered = renderSupergraphFile(composition.supergraphSdl);
  return {
    ok: blocking.length === 0 && !problems.some((problem) => problem.severity === "error"),
    composition: { ok: true, errors: [], hints: composition.hints },
    diff: { base: base.label, changes, blocking },
    operations: { documents: documents.length, problems },
    supergraphFileStale: !existsSync(supergraphFile) || readFileSync(supergraphFile, "utf8") !== rendered,
  };
}
