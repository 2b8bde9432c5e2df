// The router's fetch to one subgraph, as a pipeline of small stages. The order is the design: read it top down,
// each stage wrapping every one below it.
import type { Logger } from "@shop/shared/logger";
import type { Agent } from "undici";
import { AdaptiveGate, AdaptiveGates, type AdaptiveSettings } from "../cache/adaptive.ts";
import type { SubgraphCache } from "../cache/subgraph-cache.ts";
import type { RouterMetrics } from "../metrics.ts";
import { countReplyBytes } from "../limits/response-size.ts";
import { cacheResponses } from "./caching.ts";
import { outgoingHeaders } from "./headers.ts";
import { answerOutages } from "./outage.ts";
import { parseReply } from "./parse.ts";
import { retryConnectionErrors } from "./retry.ts";
import { sendOverHttp } from "./send.ts";
import { type GrantListener, sessionHeaders } from "./session.ts";
import { shareInFlight } from "./sharing.ts";
import { type Answer, chain, type Handler, type Reply } from "./stage.ts";
import { timeFetches } from "./timing.ts";

export interface FetchPipelineOptions {
  url: string;
  agent: Agent;
  timeoutMs: number;
  /** The key of the router's credentials to this subgraph (credentialKey in identity.ts). */
  credentialKey: string;
  /** Our own subgraph: it gets the signed credential and the request id. */
  forwardIdentity: boolean;
  /** Extra attempts for a query's fetch after a connection error (mutations are never retried). */
  retries: number;
  retryDelayMs?: number;
  /** The cache of public responses; absent when RESPONSE_CACHE=false. */
  cache?: SubgraphCache | undefined;
  /** Share identical in-flight query fetches of one caller. */
  dedupe?: boolean | undefined;
  /** This is the session subgraph (SESSION_SUBGRAPH): its mutations exchange the session cookie's token; called on each grant. */
  sessionGrants?: GrantListener | undefined;
  /** Largest total of subgraph reply bytes one client request may receive (limits/response-size.ts). */
  maxResponseBytes?: number | undefined;
  /** When the cache and sharing turn themselves off for this subgraph (cache/adaptive.ts); absent: always on. */
  adaptive?: AdaptiveSettings | undefined;
  metrics: RouterMetrics;
  logger: Logger;
}

export function fetchPipeline(options: FetchPipelineOptions): Handler<Answer> {
  const { metrics } = options;
  const adaptive = options.adaptive ?? { window: 0, minHitRate: 0, probeAfter: 0 };
  const network = chain<Reply>(
    [
      options.dedupe && shareInFlight(metrics.subgraphDeduplicated, new AdaptiveGates(adaptive)), // one request for identical queries of one caller
      outgoingHeaders(options), // credential and request id (own subgraphs), trace context (all)
      options.sessionGrants && sessionHeaders(options.sessionGrants), // the session cookie's token in, a new one out (session subgraph, mutations)
      retryConnectionErrors({ retries: options.retries, delayMs: options.retryDelayMs ?? 50, retried: metrics.subgraphRetries }),
    ],
    sendOverHttp(options), // one POST, with a timeout
  );
  return chain<Answer>(
    [
      options.maxResponseBytes !== undefined && countReplyBytes(options.maxResponseBytes), // past the cap, no more data
      answerOutages(options.logger), // a failure becomes SERVICE_UNAVAILABLE on the fields the fetch owned
      timeFetches(metrics.subgraphFetch), // duration metric, and a record for the request's log line
      options.cache && cacheResponses(options.cache, new AdaptiveGate(adaptive)), // public answers served again, stored by the epoch rule
    ],
    parseReply(network), // each reader's own parsed copy of the reply
  );
}
