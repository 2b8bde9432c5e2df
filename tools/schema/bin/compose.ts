// `pnpm compose`: composes supergraph.yaml into supergraph.graphql, refusing unacknowledged breaking changes.
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { readAcknowledgements } from "../acknowledgements.ts";
import { DEFAULTS } from "../check.ts";
import { apiSchemaOf, composeFromConfig, formatProblem, renderSupergraphFile } from "../compose.ts";
import { blockingChanges, diffApiSchemas } from "../diff.ts";

const USAGE = `Usage: pnpm compose [--check] [--allow-breaking]
  --check            write nothing; exit 1 when supergraph.graphql is not what composition produces (CI)
  --allow-breaking   write even when the API has unacknowledged breaking changes`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      check: { type: "boolean", default: false },
      "allow-breaking": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const root = process.cwd();
  const composition = composeFromConfig(path.resolve(root, DEFAULTS.config));
  if (!composition.ok) {
    process.stderr.write(`Composition of ${DEFAULTS.config} FAILED:\n`);
    for (const error of composition.errors) process.stderr.write(`  ${formatProblem(error)}\n`);
    return 1;
  }
  for (const hint of composition.hints) process.stdout.write(`hint ${formatProblem(hint)}\n`);

  const file = path.resolve(root, DEFAULTS.supergraph);
  const previous = existsSync(file) ? readFileSync(file, "utf8") : null;
  const rendered = renderSupergraphFile(composition.supergraphSdl);
  if (previous === rendered) {
    process.stdout.write(`${DEFAULTS.supergraph} is up to date.\n`);
    return 0;
  }
  if (values.check) {
    process.stderr.write(`${DEFAULTS.supergraph} is stale: it does not hold the composition of ${DEFAULTS.config}. Run \`pnpm compose\` and commit it.\n`);
    return 1;
  }
  const changes = await diffApiSchemas(previous ? apiSchemaOf(previous) : null, apiSchemaOf(composition.supergraphSdl), {
    acknowledgements: readAcknowledgements(path.resolve(root, DEFAULTS.acknowledgements)),
    allowBreaking: values["allow-breaking"],
  });
  const blocking = blockingChanges(changes);
  if (blocking.length) {
    process.stderr.write(`Not writing ${DEFAULTS.supergraph}: unacknowledged breaking change(s) to the API:\n`);
    for (const change of blocking) process.stderr.write(`  ${change.coordinate}: ${change.message} [${change.type}]\n`);
    process.stderr.write("Deprecate the element first, or list it in schema-changes.yaml with a reason (see `pnpm schema:check`).\n");
    return 1;
  }
  writeFileSync(file, rendered);
  process.stdout.write(`Wrote ${DEFAULTS.supergraph} (${changes.length} API change(s) since the previous version).\n`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`compose: ${(error as Error).message}\n`);
    process.exitCode = 2;
  },
);
