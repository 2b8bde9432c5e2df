// The report's arithmetic and shapes: medians per contender, ratios, the targets, latest.json, the
// Markdown of BENCHMARKS.md, and reading counters from Prometheus pages.
import { describe, expect, it } from "vitest";
import { benchmarksMarkdown } from "../src/markdown.ts";
import { perOperation, sumCounters, sumSeries } from "../src/metrics.ts";
import { buildScenarioReports, latestJson, type Measurement } from "../src/report.ts";

const m = (gateway: string, round: number, rps: number, extra: Partial<Measurement> = {}): Measurement => ({
  gateway,
  scenario: "orderHistory",
  round,
  requests: rps * 5,
  rps,
  latencyP50Ms: 5,
  latencyP99Ms: 1000 / rps,
  errors: 0,
  subgraphRequestsPerOp: gateway === "monolith" ? 0 : 4,
  dbQueriesPerOp: 5,
  gatewayCpuMsPerOp: 1000 / rps,
  subgraphsCpuMsPerOp: 3,
  subgraphCpuMsPerRequest: gateway === "monolith" ? { users: null, orders: null } : { users: 0.5 + round / 10, orders: 1 },
  rssMb: 150,
  ...extra,
});

const scenario = [{ name: "orderHistory", description: "Ada's orders" }];
const contenders = ["ours", "apolloGateway", "hiveGateway", "monolith"];

describe("scenario reports", () => {
  const measurements = [
    ...[400, 500, 450].map((rps, i) => m("ours", i + 1, rps, { errors: i })),
    ...[200, 150, 250].map((rps, i) => m("apolloGateway", i + 1, rps)),
    ...[400, 400, 400].map((rps, i) => m("hiveGateway", i + 1, rps)),
    ...[600, 700, 650].map((rps, i) => m("monolith", i + 1, rps)),
  ];
  const [report] = buildScenarioReports(measurements, scenario, contenders);

  it("takes medians over rounds, sums errors, and compares ours with every other contender", () => {
    expect(report!.contenders.ours).toMatchObject({ rps: 450, errors: 3, rounds: 3, subgraphRequestsPerOp: 4 });
    expect(report!.contenders.ours!.subgraphCpuMsPerRequest).toEqual({ users: 0.7, orders: 1 });
    expect(report!.contenders.monolith!.subgraphCpuMsPerRequest).toEqual({ users: null, orders: null });
    expect(report!.ratios.map((r) => r.peer)).toEqual(["apolloGateway", "hiveGateway", "monolith"]);
    expect(report!.ratios[0]).toMatchObject({ rps: 450 / 200 });
    expect(report!.ratios[0]!.p99).toBeCloseTo(200 / 450);
  });

  it("judges the issue's targets and says by how much one is missed", () => {
    const [apollo, hive, monolith, sql] = report!.targets;
    expect(apollo).toMatchObject({ met: true });
    expect(hive).toMatchObject({ met: false });
    expect(hive!.detail).toContain("RPS 1.13x, 6% short");
    expect(monolith).toMatchObject({ met: true });
    expect(sql).toMatchObject({ met: true, detail: "5.00 SQL vs 4.00 requests per op" });
  });

  it("judges a many-shoppers scenario by issue 18's targets, each subgraph's CPU per request included", () => {
    const [many] = buildScenarioReports(measurements, [{ ...scenario[0]!, shopper: "many" }], contenders);
    const byWhat = Object.fromEntries(many!.targets.map((t) => [t.what, t]));
    expect(byWhat["RPS >= 1.5x hiveGatewayRust at no worse p99"]).toMatchObject({ met: null, detail: "hiveGatewayRust not measured" });
    expect(byWhat["RPS >= 0.8x monolith"]).toMatchObject({ met: false });
    expect(byWhat["CPU per subgraph request <= 1 ms (ours, each subgraph)"]).toMatchObject({ met: true, detail: "users 0.70 ms, orders 1.00 ms" });
    expect(byWhat["router CPU/op <= 0.5x apolloGateway"]).toMatchObject({ met: true });
  });

  it("reports SQL per operation as unknown when the counter is missing", () => {
    const [noSql] = buildScenarioReports([m("ours", 1, 100, { dbQueriesPerOp: null })], scenario, contenders);
    expect(noSql!.contenders.ours!.dbQueriesPerOp).toBeNull();
    expect(noSql!.targets.at(-1)).toMatchObject({ met: null });
    expect(noSql!.targets[0]).toMatchObject({ met: null, detail: "apolloGateway not measured" });
  });

  it("writes latest.json in the issue's shape", () => {
    const json = latestJson([report!], { quick: true }) as { quick: boolean; scenarios: Array<Record<string, unknown>> };
    expect(json.quick).toBe(true);
    expect(json.scenarios[0]!.name).toBe("orderHistory");
    for (const id of contenders) {
      expect(Object.keys(json.scenarios[0]![id] as object)).toEqual(
        expect.arrayContaining(["rps", "p50Ms", "p99Ms", "errors", "subgraphRequestsPerOp", "dbQueriesPerOp", "rssMb"]),
      );
    }
    expect(json.scenarios[0]!.monolith).toMatchObject({ rps: 650, subgraphRequestsPerOp: 0 });
  });

  it("renders BENCHMARKS.md with the machine, the date, the banner of a quick run, the tables and the targets", () => {
    const markdown = benchmarksMarkdown({
      reports: [report!],
      labels: { ours: "ours (router/)" },
      machine: { cpu: "Test CPU", cores: 2, memoryGb: 4, os: "Linux", node: "v20", database: "PGlite" },
      date: "2026-11-25 18:00 UTC",
      command: "pnpm bench --quick",
      quick: true,
      rounds: 3,
      durationSeconds: 5,
      connections: 16,
      loadAverage: [1, 2, 3],
      unavailable: { hiveGatewayRust: "native addon missing" },
    });
    expect(markdown).toContain("**Quick run**");
    expect(markdown).toContain("Test CPU, 2 cores");
    expect(markdown).toContain("2026-11-25 18:00 UTC");
    expect(markdown).toContain("| orderHistory | RPS >= 1.2x hiveGateway at no worse p99 | **missed** |");
    expect(markdown).toContain("| ours (router/) | 450 |");
    expect(markdown).toContain("Not measured: hiveGatewayRust: native addon missing");
  });
});

describe("Prometheus counters", () => {
  const page = [
    "# HELP graphql_requests_total GraphQL operations",
    "# TYPE graphql_requests_total counter",
    'graphql_requests_total{operation="BenchOrderHistory",status="ok"} 12',
    'graphql_requests_total{operation="other",status="error"} 3',
    "graphql_requests_total_created 1700000000",
    'db_queries_total{model="Order"} 7 1700000000000',
    "db_queries_total 2",
  ].join("\n");

  it("sums every series of a counter, and only that counter", () => {
    expect(sumSeries(page, "graphql_requests_total")).toBe(15);
    expect(sumSeries(page, "db_queries_total")).toBe(9);
    expect(sumSeries(page, "nothing_total")).toBeNull();
  });

  it("adds pages up and keeps a missing SQL counter missing", () => {
    expect(sumCounters([page, page])).toEqual({ graphqlRequests: 30, dbQueries: 18 });
    expect(sumCounters(["graphql_requests_total 4"])).toEqual({ graphqlRequests: 4, dbQueries: null });
    expect(perOperation(10, 30, 5)).toBe(4);
    expect(perOperation(null, 30, 5)).toBeNull();
    expect(perOperation(10, 30, 0)).toBeNull();
  });
});
