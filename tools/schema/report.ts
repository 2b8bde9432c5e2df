// Turns a check result into the human-readable report (the JSON report is the result itself).
import type { CheckResult } from "./check.ts";
import { formatProblem } from "./compose.ts";
import type { SchemaChange } from "./diff.ts";

function formatChange(change: SchemaChange): string[] {
  const label = change.level === "breaking" ? (change.allowedBecause ? "breaking (allowed)" : "BREAKING") : change.level;
  const lines = [`  ${label.padEnd(18)} ${change.coordinate ?? "(schema)"}: ${change.message} [${change.type}]`];
  const allowed = change.allowedBecause;
  if (allowed?.kind === "deprecated") lines.push(`${" ".repeat(21)}allowed: it was deprecated first ("${allowed.reason}")`);
  if (allowed?.kind === "acknowledged") lines.push(`${" ".repeat(21)}allowed: acknowledged in schema-changes.yaml ("${allowed.reason}")`);
  if (allowed?.kind === "flag") lines.push(`${" ".repeat(21)}allowed: --allow-breaking`);
  return lines;
}

const ORDER = { breaking: 0, dangerous: 1, safe: 2 } as const;

export function formatReport(result: CheckResult): string {
  const lines: string[] = [];
  const { composition, diff, operations } = result;
  if (!composition.ok) {
    lines.push(`Composition FAILED with ${composition.errors.length} error(s):`);
    for (const error of composition.errors) lines.push(`  ${formatProblem(error)}`);
  } else {
    lines.push(`Composition: ok${composition.hints.length ? `, ${composition.hints.length} hint(s)` : ""}`);
    for (const hint of composition.hints) lines.push(`  hint ${formatProblem(hint)}`);
  }
  if (diff) {
    const count = (level: SchemaChange["level"]) => diff.changes.filter((change) => change.level === level).length;
    lines.push(`API schema changes against ${diff.base}: ${count("breaking")} breaking, ${count("dangerous")} dangerous, ${count("safe")} safe`);
    const sorted = [...diff.changes].sort((a, b) => ORDER[a.level] - ORDER[b.level]);
    for (const change of sorted) lines.push(...formatChange(change));
    if (diff.blocking.length) {
      lines.push(
        "  A breaking change lands only when the element was @deprecated in an earlier release, or when it is listed",
        "  in schema-changes.yaml (coordinate, reason) after agreeing it with the clients (see docs/schema-governance.md).",
      );
    }
  }
  if (operations) {
    const errors = operations.problems.filter((problem) => problem.severity === "error");
    lines.push(`Client operations: ${operations.documents} document(s) checked, ${errors.length} invalid`);
    for (const problem of operations.problems) {
      const label = problem.severity === "error" ? "INVALID" : "deprecated";
      lines.push(`  ${label.padEnd(10)} ${problem.operation} (${problem.location}): ${problem.message}`);
    }
  }
  if (composition.ok && result.supergraphFileStale) {
    lines.push("Note: supergraph.graphql does not hold this composition yet: run `pnpm compose` and commit it.");
  }
  const failures = [
    composition.ok ? null : `${composition.errors.length} composition error(s)`,
    diff?.blocking.length ? `${diff.blocking.length} unacknowledged breaking change(s): ${diff.blocking.map((change) => change.coordinate).join(", ")}` : null,
    operations?.problems.some((problem) => problem.severity === "error")
      ? `${new Set(operations.problems.filter((p) => p.severity === "error").map((p) => `${p.file} ${p.operation}`)).size} invalid operation(s)`
      : null,
  ].filter(Boolean);
  lines.push(result.ok ? "Schema check passed." : `Schema check FAILED: ${failures.join("; ")}.`);
  return `${lines.join("\n")}\n`;
}
