// Turns the rounds into medians and ours/peer ratios, prints them as tables and writes the JSON report.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { median, ratio, round } from "./stats.ts";

/** One measured round of one gateway on one scenario. */
export interface Measurement {
  gateway: string;
  scenario: string;
  round: number;
  requests: number;
  rps: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** CPU ms (user + system) of the gateway process per request. */
  gatewayCpuMsPerRequest: number;
  /** CPU ms of the four subgraph processes together per request. */
  subgraphsCpuMsPerRequest: number;
  gatewayRssMb: number;
}

export interface Summary {
  gateway: string;
  scenario: string;
  rounds: number;
  rps: number;
  latencyP99Ms: number;
  gatewayCpuMsPerRequest: number;
  subgraphsCpuMsPerRequest: number;
  gatewayRssMb: number;
}

export interface Ratios {
  scenario: string;
  peer: string;
  /** ours / peer: above 1 means ours serves more. */
  rps: number;
  /** ours / peer: below 1 means ours answers faster. */
  latencyP99: number;
  /** ours / peer: below 1 means ours spends less CPU per request. */
  gatewayCpuPerRequest: number;
}

export function summarize(measurements: Measurement[]): Summary[] {
  const groups = new Map<string, Measurement[]>();
  for (const m of measurements) {
    const key = `${m.scenario}\u0000${m.gateway}`;
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  return [...groups.values()].map((group) => ({
    gateway: group[0]!.gateway,
    scenario: group[0]!.scenario,
    rounds: group.length,
    rps: median(group.map((m) => m.rps)),
    latencyP99Ms: median(group.map((m) => m.latencyP99Ms)),
    gatewayCpuMsPerRequest: median(group.map((m) => m.gatewayCpuMsPerRequest)),
    subgraphsCpuMsPerRequest: median(group.map((m) => m.subgraphsCpuMsPerRequest)),
    gatewayRssMb: median(group.map((m) => m.gatewayRssMb)),
  }));
}

export function compare(summaries: Summary[], ours = "ours"): Ratios[] {
  return summaries
    .filter((peer) => peer.gateway !== ours)
    .flatMap((peer) => {
      const mine = summaries.find((s) => s.gateway === ours && s.scenario === peer.scenario);
      if (!mine) return [];
      return [
        {
          scenario: peer.scenario,
          peer: peer.gateway,
          rps: ratio(mine.rps, peer.rps),
          latencyP99: ratio(mine.latencyP99Ms, peer.latencyP99Ms),
          gatewayCpuPerRequest: ratio(mine.gatewayCpuMsPerRequest, peer.gatewayCpuMsPerRequest),
        },
      ];
    });
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ");
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : "-");

export function formatReport(summaries: Summary[], ratios: Ratios[], labels: Record<string, string>, scenarioNames: string[]): string {
  const parts: string[] = [];
  for (const scenario of scenarioNames) {
    const rows = summaries.filter((s) => s.scenario === scenario);
    if (rows.length === 0) continue;
    parts.push(
      `scenario ${scenario}: medians over ${rows[0]!.rounds} rounds`,
      table(
        ["gateway", "RPS", "p99 ms", "gateway CPU ms/req", "subgraphs CPU ms/req", "gateway RSS MB"],
        rows.map((s) => [
          labels[s.gateway] ?? s.gateway,
          fixed(s.rps, 0),
          fixed(s.latencyP99Ms, 1),
          fixed(s.gatewayCpuMsPerRequest, 3),
          fixed(s.subgraphsCpuMsPerRequest, 3),
          fixed(s.gatewayRssMb, 0),
        ]),
      ),
    );
    const scenarioRatios = ratios.filter((r) => r.scenario === scenario);
    if (scenarioRatios.length) {
      parts.push(
        table(
          ["ours / peer", "RPS (>1 better)", "p99 (<1 better)", "CPU/req (<1 better)"],
          scenarioRatios.map((r) => [`vs ${labels[r.peer] ?? r.peer}`, fixed(r.rps, 2), fixed(r.latencyP99, 2), fixed(r.gatewayCpuPerRequest, 2)]),
        ),
      );
    }
    parts.push("");
  }
  return parts.join("\n\n").trimEnd();
}

/** Numbers rounded for reading; NaN becomes null. */
function rounded<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [key, typeof v === "number" ? round(v, 3) : v]),
  ) as T;
}

export function writeJsonReport(
  file: string,
  report: { summaries: Summary[]; ratios: Ratios[]; measurements: Measurement[]; [key: string]: unknown },
): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const { summaries, ratios, measurements, ...rest } = report;
  const body = { ...rest, summaries: summaries.map(rounded), ratios: ratios.map(rounded), measurements: measurements.map(rounded) };
  writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
}
