// `pnpm audit:federation --suite <dir>`: the federation gateway audit against our router; prints each failure and
// the score (exit 0 when every case passed, 1 when some failed, 2 when the audit could not run).
import path from "node:path";
import { parseArgs } from "node:util";
import { repoRoot } from "@shop/shared/paths";
import { runAudit } from "../src/audit.ts";
import { formatReport } from "../src/results.ts";

const USAGE = `Usage: pnpm audit:federation --suite <dir> [--only <id,...>] [--cache <dir>]
  --suite <dir>   a clone of the audit (git clone https://github.com/graphql-hive/federation-gateway-audit);
                  default: FEDERATION_AUDIT_SUITE
  --only <ids>    comma-separated test suite ids (default: every suite)
  --cache <dir>   where the harness's Node.js, the suite's copy and its installs are kept
                  (default: FEDERATION_AUDIT_CACHE, else node_modules/.cache/federation-audit)
See docs/federation-audit.md.`;

async function main(): Promise<number> {
  let values: { suite?: string; only?: string; cache?: string; help: boolean };
  try {
    ({ values } = parseArgs({
      options: { suite: { type: "string" }, only: { type: "string" }, cache: { type: "string" }, help: { type: "boolean", default: false } },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const suiteDir = values.suite ?? process.env.FEDERATION_AUDIT_SUITE;
  if (!suiteDir) {
    console.error(`No audit suite given.\n${USAGE}`);
    return 2;
  }
  const cacheDir = path.resolve(values.cache ?? process.env.FEDERATION_AUDIT_CACHE ?? path.join(repoRoot, "node_modules", ".cache", "federation-audit"));
  const only = values.only?.split(",").map((id) => id.trim()).filter(Boolean);
  try {
    const report = await runAudit({ suiteDir, only, cacheDir, log: (line) => console.error(`[audit] ${line}`) });
    console.log(`\n${formatReport(report)}`);
    return report.total > 0 && report.passed === report.total ? 0 : 1;
  } catch (error) {
    console.error(`The audit could not run: ${(error as Error).message}`);
    return 2;
  }
}

process.exitCode = await main();
