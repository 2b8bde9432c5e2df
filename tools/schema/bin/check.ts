// `pnpm schema:check`: composition, breaking-change and operation checks of the working tree (exit 1 on failure).
import { parseArgs } from "node:util";
import { runSchemaCheck } from "../check.ts";
import { formatReport } from "../report.ts";

const USAGE = `Usage: pnpm schema:check [--base <git-ref>] [--allow-breaking] [--json]
  --base <git-ref>   compare with supergraph.graphql at that revision (default: the working tree's file)
  --allow-breaking   let unacknowledged breaking changes through (a one-off override; prefer schema-changes.yaml)
  --json             print the result as JSON`;

async function main(): Promise<number> {
  let values: { base?: string; "allow-breaking": boolean; json: boolean; help: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        base: { type: "string" },
        "allow-breaking": { type: "boolean", default: false },
        json: { type: "boolean", default: false },
        help: { type: "boolean", default: false },
      },
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const result = await runSchemaCheck({
    root: process.cwd(),
    baseRef: values.base,
    allowBreaking: values["allow-breaking"],
  });
  process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : formatReport(result));
  return result.ok ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`schema:check: ${(error as Error).message}\n`);
    process.exitCode = 2;
  },
);
