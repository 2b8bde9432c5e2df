// What the audit's harness leaves behind, read back: results.txt (each suite's id, then one "." per passed case and
// one "X" per failed case) and logs/<suite>-tests.log (node:test's TAP output, whose failures carry the query and
// a diff of the expected and received responses), turned into a score and a list of failures.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

export interface SuiteResult {
  id: string;
  /** One entry per case, in order: true when it passed. */
  cases: boolean[];
}

export interface CaseFailure {
  suite: string;
  /** The case's index in its suite (the harness names cases <suite>_<index>). */
  index: number;
  /** The harness's assertion message: the query and the diff, trimmed. */
  detail: string;
}

/** Parses results.txt; a suite whose result line is empty never ran a case (its gateway or harness failed). */
export function parseResults(text: string): SuiteResult[] {
  const body = text.split(/\n---\n/)[0] ?? "";
  const lines = body.split("\n").map((line) => line.trim());
  const results: SuiteResult[] = [];
  for (let i = 0; i < lines.length; i++) {
    const id = lines[i]!;
    if (!id) continue;
    const outcome = /^[.X]*$/.test(lines[i + 1] ?? "x") ? (lines[++i] ?? "") : "";
    results.push({ id, cases: [...outcome].map((mark) => mark === ".") });
  }
  return results;
}

const MAX_DETAIL_LINES = 40;

/** The failed cases of one suite's TAP log, with the assertion message of each (YAML block after "not ok"). */
export function parseFailures(suite: string, tap: string): CaseFailure[] {
  const failures: CaseFailure[] = [];
  const lines = tap.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const match = /^\s*not ok \d+ - (.+)_(\d+)\s*$/.exec(lines[i]!);
    if (!match || match[1] !== suite) continue;
    const indent = /^\s*/.exec(lines[i]!)![0].length;
    const block: string[] = [];
    for (let j = i + 1; j < lines.length; j++) {
      const line = lines[j]!;
      if (/^\s*(not )?ok \d+ - /.test(line) && /^\s*/.exec(line)![0].length <= indent) break;
      block.push(line);
    }
    failures.push({ suite, index: Number(match[2]), detail: errorMessage(block) });
  }
  return failures;
}

/** The `error:` entry of a TAP YAML diagnostic block, dedented (the whole block when it has none). */
function errorMessage(block: string[]): string {
  const start = block.findIndex((line) => /^\s*error: /.test(line));
  const kept = start < 0 ? block : takeEntry(block, start);
  const indent = Math.min(...kept.filter((line) => line.trim()).map((line) => /^\s*/.exec(line)![0].length));
  const text = kept
    .map((line) => line.slice(Number.isFinite(indent) ? indent : 0))
    .join("\n")
    .replace(/^error: \|-?\n?/, "")
    .trim();
  const out = text.split("\n");
  return out.length > MAX_DETAIL_LINES ? [...out.slice(0, MAX_DETAIL_LINES), `… (${out.length - MAX_DETAIL_LINES} more lines)`].join("\n") : text;
}

function takeEntry(block: string[], start: number): string[] {
  const indent = /^\s*/.exec(block[start]!)![0].length;
  const end = block.findIndex((line, i) => i > start && line.trim() !== "" && /^\s*/.exec(line)![0].length <= indent);
  return block.slice(start, end < 0 ? block.length : end);
}

export interface AuditReport {
  suites: SuiteResult[];
  failures: CaseFailure[];
  passed: number;
  total: number;
}

/** A suite's cases from its TAP log, in order: true when it passed (the harness names them <suite>_<index>). */
export function casesFromTap(suite: string, tap: string): boolean[] {
  const cases: boolean[] = [];
  for (const match of tap.matchAll(/^\s*(not )?ok \d+ - (.+)_(\d+)\s*$/gm)) {
    if (match[2] === suite) cases[Number(match[3])] = !match[1];
  }
  return Array.from(cases, (passed) => passed === true);
}

/** The report of the given suites from their TAP logs (logs/<suite>-tests.log). */
export function reportFromLogs(ids: string[], logsDir: string): AuditReport {
  const suites: SuiteResult[] = [];
  const failures: CaseFailure[] = [];
  for (const id of ids) {
    const log = path.join(logsDir, `${id}-tests.log`);
    const tap = existsSync(log) ? readFileSync(log, "utf8") : "";
    const cases = casesFromTap(id, tap);
    suites.push({ id, cases });
    if (cases.length === 0) failures.push({ suite: id, index: -1, detail: `no case ran (see ${log} and the gateway log beside it)` });
    const details = parseFailures(id, tap);
    cases.forEach((passed, index) => {
      if (!passed) failures.push(details.find((failure) => failure.index === index) ?? { suite: id, index, detail: `failed (see ${log})` });
    });
  }
  const all = suites.flatMap((suite) => suite.cases);
  return { suites, failures, passed: all.filter(Boolean).length, total: all.length };
}

/**
 * The report of a whole run: results.txt names the suites the harness ran, their logs give the cases (its marks
 * count each suite's describe block as well on recent Node.js versions).
 */
export function readReport(resultsFile: string, logsDir: string): AuditReport {
  return reportFromLogs(
    parseResults(readFileSync(resultsFile, "utf8")).map((suite) => suite.id),
    logsDir,
  );
}

/** The report printed at the end of a run. */
export function formatReport(report: AuditReport): string {
  const failedSuites = report.suites.filter((suite) => suite.cases.length === 0 || !suite.cases.every(Boolean));
  const lines = [
    ...report.failures.map((failure) =>
      [`✗ ${failure.suite}${failure.index >= 0 ? ` case ${failure.index}` : ""}`, ...failure.detail.split("\n").map((line) => `    ${line}`)].join("\n"),
    ),
    "",
    `Score: ${report.passed}/${report.total} cases passed in ${report.suites.length} test suites` +
      (failedSuites.length > 0 ? ` (${failedSuites.length} suites with failures: ${failedSuites.map((suite) => suite.id).join(", ")})` : ""),
  ];
  return lines.join("\n").trimStart();
}
