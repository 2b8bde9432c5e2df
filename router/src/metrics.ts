// The router's Prometheus metrics (served at /metrics): GraphQL requests, errors and latency, subgraph
// fetch latency and retries, supergraph reloads, the subgraph cache and in-flight deduplication.
import { createGraphQLMetrics, type GraphQLMetrics } from "@shop/shared/graphql-observability";
import { Counter, Histogram, type Registry } from "prom-client";

export interface RouterMetrics {
  graphql: GraphQLMetrics;
  subgraphFetch: Histogram<"subgraph" | "outcome">;
  subgraphRetries: Counter<"subgraph">;
  supergraphUpdates: Counter<"outcome">;
  subgraphDeduplicated: Counter<"subgraph">;
  cacheLookups: Counter<"subgraph" | "result">;
  responseCacheLookups: Counter<"result">;
  cachePurges: Counter<"reason">;
  cacheFeedPolls: Counter<"subgraph" | "outcome">;
}

export function createRouterMetrics(registry: Registry): RouterMetrics {
  return {
    graphql: createGraphQLMetrics(registry),
    subgraphFetch: new Histogram({
      name: "subgraph_fetch_duration_seconds",
      help: "Duration of the router's fetches to each subgraph, by outcome (ok or error)",
      labelNames: ["subgraph", "outcome"],
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    subgraphRetries: new Counter({
      name: "subgraph_fetch_retries_total",
      help: "Query fetches retried after a connection error",
      labelNames: ["subgraph"],
      registers: [registry],
    }),
    supergraphUpdates: new Counter({
      name: "supergraph_updates_total",
      help: "Supergraph recompositions after a schema or supergraph.yaml change, by outcome (applied or rejected)",
      labelNames: ["outcome"],
      registers: [registry],
    }),
    subgraphDeduplicated: new Counter({
      name: "subgraph_fetch_deduplicated_total",
      help: "Query fetches not sent because an identical one for the same caller was already in flight",
      labelNames: ["subgraph"],
      registers: [registry],
    }),
    cacheLookups: new Counter({
      name: "subgraph_cache_lookups_total",
      help: "Subgraph cache lookups of query fetches, by result (hit, miss, or bypass while a change feed is silent)",
      labelNames: ["subgraph", "result"],
      registers: [registry],
    }),
    responseCacheLookups: new Counter({
      name: "response_cache_lookups_total",
      help: "Whole-response cache lookups of anonymous queries, by result (hit, miss, or bypass while a change feed is silent)",
      labelNames: ["result"],
      registers: [registry],
    }),
    cachePurges: new Counter({
      name: "subgraph_cache_purges_total",
      help: "Subgraph cache purges, by reason (change: a change feed reported changes; reset: a feed's cursor restarted; supergraph: a new supergraph)",
      labelNames: ["reason"],
      registers: [registry],
    }),
    // The name predates the generic feed contract (docs/change-feed.md); kept because dashboards and tests use it.
    cacheFeedPolls: new Counter({
      name: "product_change_feed_polls_total",
      help: "Polls of the subgraphs' entity change feeds, by subgraph and outcome (ok or error)",
      labelNames: ["subgraph", "outcome"],
      registers: [registry],
    }),
  };
}
