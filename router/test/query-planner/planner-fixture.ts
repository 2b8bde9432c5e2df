// A small supergraph for one planner case: its subgraphs (@apollo/subgraph on free ports, each recording the
// operations it receives), composed into a file that our router serves, and the query planner the router's gateway
// runs (patched: patches/@apollo__query-planner@2.14.4.patch, patches/@apollo__query-graphs@2.14.4.patch).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { composeServices } from "@apollo/composition";
import { operationFromDocument, Supergraph } from "@apollo/federation-internals";
import { prettyFormatQueryPlan, type QueryPlan, QueryPlanner } from "@apollo/query-planner";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { startStandaloneServer } from "@apollo/server/standalone";
import { buildSubgraphSchema } from "@apollo/subgraph";
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper/resolverMap.js";
import { type GraphQLResponse, postGraphQL, testEnv } from "@shop/shared/testing";
import { parse } from "graphql";
import { pino } from "pino";
import { loadConfig } from "../../src/config.ts";
import { type RunningRouter, startRouter } from "../../src/server.ts";

/** `extend schema @link(...)` importing the given federation directives (Federation 2.3). */
export const link = (...directives: string[]) =>
  `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: [${directives.map((d) => `"${d}"`).join(", ")}])\n`;

export interface SubgraphDefinition {
  name: string;
  sdl: string;
  resolvers: Record<string, unknown>;
}

/** One operation a subgraph received from the router. */
export interface ReceivedOperation {
  subgraph: string;
  query: string;
  variables: Record<string, any>;
}

export interface PlannerFixture {
  /** Sends an operation to our router. */
  query(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse>;
  /** The plan the router's query planner makes for an operation. */
  plan(query: string): QueryPlan;
  /** The same, printed as Apollo prints plans. */
  printedPlan(query: string): string;
  /** Operations the subgraphs received, oldest first; `clear` empties the list. */
  received: ReceivedOperation[];
  clear(): void;
  stop(): Promise<void>;
}

async function startSubgraph({ name, sdl, resolvers }: SubgraphDefinition, received: ReceivedOperation[]) {
  const server = new ApolloServer({
    schema: buildSubgraphSchema([{ typeDefs: parse(sdl), resolvers: resolvers as GraphQLResolverMap<unknown> }]),
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      {
        async requestDidStart({ request }) {
          received.push({ subgraph: name, query: request.query ?? "", variables: request.variables ?? {} });
        },
      },
    ],
  });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: "127.0.0.1" } });
  return { url, stop: () => server.stop() };
}

export async function startPlannerFixture(subgraphs: SubgraphDefinition[]): Promise<PlannerFixture> {
  const received: ReceivedOperation[] = [];
  const started = await Promise.all(subgraphs.map((subgraph) => startSubgraph(subgraph, received)));
  const composed = composeServices(subgraphs.map(({ name, sdl }, i) => ({ name, url: started[i]!.url, typeDefs: parse(sdl) })));
  if (composed.errors) throw new Error(composed.errors.map((error) => error.message).join("\n"));
  const dir = mkdtempSync(path.join(tmpdir(), "planner-fixture-"));
  const file = path.join(dir, "supergraph.graphql");
  writeFileSync(file, composed.supergraphSdl);

  let router: RunningRouter;
  try {
    router = await startRouter(
      loadConfig(testEnv({ SUPERGRAPH_FILE: file, SUPERGRAPH_WATCH: "false", OWN_SUBGRAPHS: "", RESPONSE_CACHE: "false" })),
      { logger: pino({ level: "silent" }) },
    );
  } catch (error) {
    await Promise.all(started.map((subgraph) => subgraph.stop()));
    throw error;
  }
  const supergraph = Supergraph.build(composed.supergraphSdl);
  const planner = new QueryPlanner(supergraph);
  const plan = (query: string) => planner.buildQueryPlan(operationFromDocument(supergraph.apiSchema(), parse(query)));
  return {
    query: (query, variables) => postGraphQL(`${router.url}/graphql`, query, variables),
    plan,
    printedPlan: (query) => prettyFormatQueryPlan(plan(query)),
    received,
    clear: () => received.splice(0, received.length),
    stop: async () => {
      await router.stop();
      await Promise.all(started.map((subgraph) => subgraph.stop()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Fetch nodes of a plan, in the order they appear. */
export function fetchNodes(plan: QueryPlan): Array<{ serviceName: string; operation: string; requires?: unknown; inputRewrites?: unknown }> {
  const found: Array<{ serviceName: string; operation: string }> = [];
  const visit = (node: any): void => {
    if (!node) return;
    if (node.kind === "Fetch") found.push(node);
    for (const child of [node.node, ...(node.nodes ?? [])]) visit(child);
  };
  visit(plan.node);
  return found;
}
