// Turns the rounds into per-contender medians, ours/peer ratios and the issue's targets, prints them, and
// writes the JSON reports (bench/results/latest.json in the issue's shape, plus a dated one with every round).
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { median, ratio, round } from "./stats.ts";

/** One measured round of one contender on one scenario. */
export interface Measurement {
  gateway: string;
  scenario: string;
  round: number;
  requests: number;
  rps: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** Non-2xx answers, connection errors, timeouts and wrong answers. */
  errors: number;
  /** Subgraph GraphQL requests (graphql_requests_total) per operation; 0 for the monolith. */
  subgraphRequestsPerOp: number | null;
  /** SQL statements (db_queries_total) per operation; null when no process exports the counter. */
  dbQueriesPerOp: number | null;
  /** CPU ms (user + system) of the gateway process per operation. */
  gatewayCpuMsPerOp: number;
  /** CPU ms of the four subgraph processes together per operation. */
  subgraphsCpuMsPerOp: number;
  /** CPU ms of each subgraph process per subgraph request it served; null when it served none. */
  subgraphCpuMsPerRequest: Record<string, number | null>;
  rssMb: number;
}

/** The figures of one contender on one scenario: medians over rounds, errors summed. */
export interface Figures {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  subgraphRequestsPerOp: number | null;
  dbQueriesPerOp: number | null;
  rssMb: number;
  gatewayCpuMsPerOp: number;
  subgraphsCpuMsPerOp: number;
  /** By subgraph: the median of its CPU ms per subgraph request over the rounds. */
  subgraphCpuMsPerRequest: Record<string, number | null>;
  rounds: number;
}

export interface Ratios {
  peer: string;
  /** ours / peer: above 1 means ours serves more. */
  rps: number;
  /** ours / peer: below 1 means ours answers faster. */
  p99: number;
  /** ours / peer: below 1 means ours spends less CPU per operation. */
  gatewayCpuPerOp: number;
}

export interface Target {
  what: string;
  met: boolean | null;
  /** How far from the target, in words, when not met. */
  detail: string;
}

export interface ScenarioReport {
  name: string;
  description: string;
  /** Figures by contender id: ours, oursNoCache, oursNoDedupe, apolloGateway, hiveGateway, hiveGatewayRust, monolith. */
  contenders: Record<string, Figures>;
  ratios: Ratios[];
  targets: Target[];
}

const nullableMedian = (values: Array<number | null>): number | null => {
  const present = values.filter((v): v is number => v !== null);
  return present.length === values.length && present.length > 0 ? median(present) : null;
};

export function figuresOf(rounds: Measurement[]): Figures {
  return {
    rps: median(rounds.map((m) => m.rps)),
    p50Ms: median(rounds.map((m) => m.latencyP50Ms)),
    p99Ms: median(rounds.map((m) => m.latencyP99Ms)),
    errors: rounds.reduce((sum, m) => sum + m.errors, 0),
    subgraphRequestsPerOp: nullableMedian(rounds.map((m) => m.subgraphRequestsPerOp)),
    dbQueriesPerOp: nullableMedian(rounds.map((m) => m.dbQueriesPerOp)),
    rssMb: median(rounds.map((m) => m.rssMb)),
    gatewayCpuMsPerOp: median(rounds.map((m) => m.gatewayCpuMsPerOp)),
    subgraphsCpuMsPerOp: median(rounds.map((m) => m.subgraphsCpuMsPerOp)),
    subgraphCpuMsPerRequest: Object.fromEntries(
      Object.keys(rounds[0]?.subgraphCpuMsPerRequest ?? {}).map((name) => [name, nullableMedian(rounds.map((m) => m.subgraphCpuMsPerRequest[name] ?? null))]),
    ),
    rounds: rounds.length,
  };
}

export function compare(contenders: Record<string, Figures>, ours = "ours"): Ratios[] {
  const mine = contenders[ours];
  if (!mine) return [];
  return Object.entries(contenders)
    .filter(([id]) => id !== ours)
    .map(([peer, figures]) => ({
      peer,
      rps: ratio(mine.rps, figures.rps),
      p99: ratio(mine.p99Ms, figures.p99Ms),
      gatewayCpuPerOp: ratio(mine.gatewayCpuMsPerOp, figures.gatewayCpuMsPerOp),
    }));
}

const x = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}x` : "n/a");

/** RPS ratios a scenario must reach against peers: [peer, minimum ours/peer, at no worse p99?]. */
type RpsTargets = ReadonlyArray<readonly [peer: string, minimum: number, atNoWorseP99: boolean]>;

/** The shared-answer scenarios (one shopper, or none): the first performance issue's targets. */
const ONE_SHOPPER_TARGETS: RpsTargets = [
  ["apolloGateway", 2, true],
  ["hiveGateway", 1.2, true],
  ["monolith", 0.6, false],
];
/** The many-shoppers scenarios: issue 18's targets (a subgraph request costing at most 1 ms of CPU is judged below). */
const MANY_SHOPPERS_TARGETS: RpsTargets = [
  ["apolloGateway", 2, true],
  ["hiveGatewayRust", 1.5, true],
  ["monolith", 0.8, false],
];
export const SUBGRAPH_CPU_MS_PER_REQUEST_TARGET = 1;

/** The targets for one scenario, from the ratios of one run; `manyShoppers` picks issue 18's. */
export function targets(contenders: Record<string, Figures>, ratios: Ratios[], manyShoppers = false): Target[] {
  const against = (peer: string) => ratios.find((r) => r.peer === peer);
  const result: Target[] = [];
  for (const [peer, minimum, latency] of manyShoppers ? MANY_SHOPPERS_TARGETS : ONE_SHOPPER_TARGETS) {
    const r = against(peer);
    const what = `RPS >= ${minimum}x ${peer}${latency ? " at no worse p99" : ""}`;
    if (!r || !Number.isFinite(r.rps)) {
      result.push({ what, met: null, detail: `${peer} not measured` });
      continue;
    }
    const rpsMet = r.rps >= minimum;
    const p99Met = !latency || r.p99 <= 1;
    const misses = [
      ...(rpsMet ? [] : [`RPS ${x(r.rps)}, ${((1 - r.rps / minimum) * 100).toFixed(0)}% short`]),
      ...(p99Met ? [] : [`p99 ${x(r.p99)} of the peer's`]),
    ];
    result.push({ what, met: rpsMet && p99Met, detail: misses.length ? misses.join("; ") : `RPS ${x(r.rps)}${latency ? `, p99 ${x(r.p99)}` : ""}` });
  }
  if (manyShoppers) {
    const stock = against("apolloGateway");
    result.push(
      stock
        ? { what: "router CPU/op <= 0.5x apolloGateway", met: stock.gatewayCpuPerOp <= 0.5, detail: `${x(stock.gatewayCpuPerOp)}` }
        : { what: "router CPU/op <= 0.5x apolloGateway", met: null, detail: "apolloGateway not measured" },
    );
    const perRequest = Object.entries(contenders.ours?.subgraphCpuMsPerRequest ?? {}).filter((e): e is [string, number] => e[1] !== null);
    const what = `CPU per subgraph request <= ${SUBGRAPH_CPU_MS_PER_REQUEST_TARGET} ms (ours, each subgraph)`;
    result.push(
      perRequest.length
        ? {
            what,
            met: perRequest.every(([, ms]) => ms <= SUBGRAPH_CPU_MS_PER_REQUEST_TARGET),
            detail: perRequest.map(([name, ms]) => `${name} ${ms.toFixed(2)} ms`).join(", "),
          }
        : { what, met: null, detail: "no subgraph requests measured" },
    );
  }
  const ours = contenders.ours;
  const what = "SQL queries/op <= 2x subgraph requests/op (ours)";
  if (!ours || ours.dbQueriesPerOp === null || ours.subgraphRequestsPerOp === null) {
    result.push({ what, met: null, detail: "db_queries_total not exported by the subgraphs" });
  } else {
    const limit = 2 * ours.subgraphRequestsPerOp;
    result.push({ what, met: ours.dbQueriesPerOp <= limit, detail: `${ours.dbQueriesPerOp.toFixed(2)} SQL vs ${ours.subgraphRequestsPerOp.toFixed(2)} requests per op` });
  }
  return result;
}

export function buildScenarioReports(
  measurements: Measurement[],
  scenarios: Array<{ name: string; description: string; shopper?: string }>,
  contenderIds: string[],
): ScenarioReport[] {
  return scenarios.flatMap((scenario) => {
    const contenders: Record<string, Figures> = {};
    for (const id of contenderIds) {
      const rounds = measurements.filter((m) => m.scenario === scenario.name && m.gateway === id);
      if (rounds.length) contenders[id] = figuresOf(rounds);
    }
    if (Object.keys(contenders).length === 0) return [];
    const ratios = compare(contenders);
    return [{ name: scenario.name, description: scenario.description, contenders, ratios, targets: targets(contenders, ratios, scenario.shopper === "many") }];
  });
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ");
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

export const fixed = (value: number | null, digits: number) => (value !== null && Number.isFinite(value) ? value.toFixed(digits) : "-");

/** The figures of every contender as table rows (console and Markdown share them). */
export function figureRows(report: ScenarioReport, labels: Record<string, string>): { header: string[]; rows: string[][] } {
  return {
    header: ["contender", "RPS", "p50 ms", "p99 ms", "errors", "subgraph req/op", "SQL/op", "RSS MB", "gateway CPU ms/op"],
    rows: Object.entries(report.contenders).map(([id, f]) => [
      labels[id] ?? id,
      fixed(f.rps, 0),
      fixed(f.p50Ms, 1),
      fixed(f.p99Ms, 1),
      String(f.errors),
      fixed(f.subgraphRequestsPerOp, 2),
      fixed(f.dbQueriesPerOp, 2),
      fixed(f.rssMb, 0),
      fixed(f.gatewayCpuMsPerOp, 3),
    ]),
  };
}

/** Each subgraph's CPU ms per subgraph request, for every contender that sends its requests to the subgraphs. */
export function subgraphCpuRows(report: ScenarioReport, labels: Record<string, string>): { header: string[]; rows: string[][] } | undefined {
  const withSubgraphs = Object.entries(report.contenders).filter(([, f]) => Object.values(f.subgraphCpuMsPerRequest).some((v) => v !== null));
  if (withSubgraphs.length === 0) return undefined;
  const names = Object.keys(withSubgraphs[0]![1].subgraphCpuMsPerRequest);
  return {
    header: ["CPU ms per subgraph request", ...names],
    rows: withSubgraphs.map(([id, f]) => [labels[id] ?? id, ...names.map((name) => fixed(f.subgraphCpuMsPerRequest[name] ?? null, 3))]),
  };
}

export function formatReport(reports: ScenarioReport[], labels: Record<string, string>): string {
  const parts: string[] = [];
  for (const report of reports) {
    const { header, rows } = figureRows(report, labels);
    const rounds = Object.values(report.contenders)[0]?.rounds ?? 0;
    parts.push(`scenario ${report.name}: medians over ${rounds} rounds`, table(header, rows));
    const perSubgraph = subgraphCpuRows(report, labels);
    if (perSubgraph) parts.push(table(perSubgraph.header, perSubgraph.rows));
    if (report.ratios.length) {
      parts.push(
        table(
          ["ours / peer", "RPS (>1 better)", "p99 (<1 better)", "CPU/op (<1 better)"],
          report.ratios.map((r) => [`vs ${labels[r.peer] ?? r.peer}`, fixed(r.rps, 2), fixed(r.p99, 2), fixed(r.gatewayCpuPerOp, 2)]),
        ),
      );
    }
    parts.push(report.targets.map((t) => `  ${t.met === null ? "?" : t.met ? "met" : "MISSED"}  ${t.what}: ${t.detail}`).join("\n"), "");
  }
  return parts.join("\n\n").trimEnd();
}

/** Numbers rounded for reading; NaN becomes null. */
function rounded<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, typeof v === "number" ? round(v, 3) : v])) as T;
}

/** latest.json: `{ scenarios: [{ name, ours: {...}, apolloGateway: {...}, hiveGateway: {...}, monolith: {...}, ... }] }`. */
export function latestJson(reports: ScenarioReport[], meta: Record<string, unknown>): object {
  return {
    ...meta,
    scenarios: reports.map((report) => ({
      name: report.name,
      description: report.description,
      ...Object.fromEntries(
        Object.entries(report.contenders).map(([id, f]) => [
          id,
          {
            ...rounded({
            rps: f.rps,
            p50Ms: f.p50Ms,
            p99Ms: f.p99Ms,
            errors: f.errors,
            subgraphRequestsPerOp: f.subgraphRequestsPerOp,
            dbQueriesPerOp: f.dbQueriesPerOp,
            rssMb: f.rssMb,
            gatewayCpuMsPerOp: f.gatewayCpuMsPerOp,
            subgraphsCpuMsPerOp: f.subgraphsCpuMsPerOp,
            }),
            ...(Object.values(f.subgraphCpuMsPerRequest).some((v) => v !== null)
              ? { subgraphCpuMsPerRequest: Object.fromEntries(Object.entries(f.subgraphCpuMsPerRequest).map(([n, v]) => [n, v === null ? null : round(v, 3)])) }
              : {}),
          },
        ]),
      ),
      ratios: report.ratios.map(rounded),
      targets: report.targets,
    })),
  };
}

export function writeJson(file: string, body: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
}

export function roundedMeasurements(measurements: Measurement[]): Measurement[] {
  return measurements.map(rounded);
}
