// Command-line flags of `pnpm bench`.
import { parseArgs } from "node:util";
import { GATEWAYS } from "./gateways.ts";
import { scenarios } from "./scenarios.ts";

export interface BenchOptions {
  rounds: number;
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  /** Distinct shoppers of the many-shoppers scenarios, each with their own token and history. */
  shoppers: number;
  gateways: string[];
  scenarios: string[];
  verbose: boolean;
  /** Keep Hive Gateway's deduplication of identical in-flight subgraph queries (its default). */
  hiveDedupe: boolean;
  /** Write a CPU profile of every gateway process into bench/results/profiles-<date>/. */
  profile: boolean;
  /** Where the JSON report with every round goes (default bench/results/<date>.json). */
  out: string | undefined;
  quick: boolean;
}

export const USAGE = `Usage: pnpm bench [--quick] [--rounds N] [--duration S] [--warmup S] [--connections N] [--shoppers N]
                  [--gateways ${GATEWAYS.map((g) => g.id).join(",")}] [--scenarios ${scenarios.map((s) => s.name).join(",")}]
                  [--hive-dedupe] [--profile] [--out FILE] [--verbose]
  --quick        2 rounds of 1 s after a 0.5 s warm-up, under 3 minutes (a smoke run, not a measurement)
  --rounds       measured rounds per gateway and scenario (default 5); medians are over rounds
  --duration     seconds of load per round (default 5)
  --warmup       seconds of unmeasured load per gateway and scenario before the first round (default 3)
  --connections  concurrent keep-alive connections of the load generator (default 16)
  --shoppers     distinct shoppers of the many-shoppers scenarios, each under their own token (default 40)
  --hive-dedupe  keep Hive Gateway's sharing of identical in-flight subgraph fetches (off by default so that
                 every gateway does the same subgraph work; see bench/README.md)
  --profile      write a CPU profile of each contender (open it in Chrome DevTools); it slows them down
  --out          JSON report path (default bench/results/<date>.json)
  --verbose      print every process's output`;

function positive(name: string, value: string | undefined, fallback: number, integer: boolean): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0 || (integer && !Number.isInteger(number))) {
    throw new Error(`--${name} must be a positive ${integer ? "integer" : "number"}, not "${value}"\n${USAGE}`);
  }
  return number;
}

function list(name: string, value: string | undefined, known: string[]): string[] {
  if (value === undefined) return known;
  const chosen = value.split(",").map((item) => item.trim()).filter(Boolean);
  const unknown = chosen.filter((item) => !known.includes(item));
  if (unknown.length || chosen.length === 0) throw new Error(`--${name}: unknown ${unknown.join(", ") || "(empty)"}; choose from ${known.join(", ")}`);
  return known.filter((item) => chosen.includes(item));
}

export function parseOptions(argv: string[]): BenchOptions | "help" {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: "boolean", default: false },
      rounds: { type: "string" },
      duration: { type: "string" },
      warmup: { type: "string" },
      connections: { type: "string" },
      shoppers: { type: "string" },
      gateways: { type: "string" },
      scenarios: { type: "string" },
      out: { type: "string" },
      verbose: { type: "boolean", default: false },
      "hive-dedupe": { type: "boolean", default: false },
      profile: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) return "help";
  const quick = values.quick;
  return {
    rounds: positive("rounds", values.rounds, quick ? 2 : 5, true),
    durationSeconds: positive("duration", values.duration, quick ? 1 : 5, false),
    warmupSeconds: positive("warmup", values.warmup, quick ? 0.5 : 3, false),
    connections: positive("connections", values.connections, 16, true),
    shoppers: positive("shoppers", values.shoppers, 40, true),
    gateways: list("gateways", values.gateways, GATEWAYS.map((g) => g.id)),
    scenarios: list("scenarios", values.scenarios, scenarios.map((s) => s.name)),
    verbose: values.verbose,
    hiveDedupe: values["hive-dedupe"],
    profile: values.profile,
    out: values.out,
    quick,
  };
}
