// What the stages of the subgraph fetch pipeline (pipeline.ts) pass each other: the fetch being made, the reply
// as received and the answer parsed for the gateway, and `chain`, which nests stages around a last handler.
import type { RemoteGraphQLDataSource } from "@apollo/gateway";
import { GraphQLDataSourceRequestKind, type GraphQLDataSourceProcessOptions } from "@apollo/gateway/dist/datasources/types.js";
import type { CacheHint } from "../cache/subgraph-cache.ts";
import type { RouterContext } from "../context.ts";

/** What the gateway expects back from a subgraph fetch. */
export type GatewayResponse = Awaited<ReturnType<RemoteGraphQLDataSource["process"]>>;

/** The gateway's description of a fetch made for a client's operation (not a health check or schema load). */
export type IncomingOperation = Extract<
  GraphQLDataSourceProcessOptions<RouterContext>,
  { kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION }
>;

/** The operation as sent: the credential is bound to exactly these three values. */
export interface SubgraphOperation {
  query: string;
  operationName: string | undefined;
  variables: Record<string, unknown> | undefined;
}

/** One fetch from the router to a subgraph, as it moves through the stages; they fill in the outcome. */
export interface SubgraphRequest {
  readonly subgraph: string;
  readonly operation: SubgraphOperation;
  /** `operation` serialised once: the POST body, and what the cache and sharing keys are made of. */
  readonly body: string;
  /** The client's operation this fetch serves; absent for the gateway's health checks and schema loads (they act as nobody). */
  readonly incoming: IncomingOperation | undefined;
  /** Only a client's query may be sent twice, shared or served from a cache: a mutation's fetches may have had effects. */
  readonly isQuery: boolean;
  /** The HTTP headers to send; the headers stage adds identity and trace context. */
  readonly headers: Record<string, string>;
  /** HTTP attempts made so far (more than one after a retry). */
  attempts: number;
  /** Where the answer came from: the subgraph, the subgraph cache, or an identical fetch already in flight. */
  source: "network" | "cache" | "shared";
}

/** A subgraph's answer as received, which several readers may share: each parses its own copy. */
export interface Reply {
  text: string;
  hint: CacheHint;
  /** Attempts the fetch that got it made. */
  attempts: number;
  /** The session subgraph's SESSION_GRANT_HEADER, when it sent one (fetch/session.ts). */
  sessionGrant?: string;
}

/** One reader's answer: the response the gateway may write into, and the reply it was read from (none for an outage). */
export interface Answer {
  response: GatewayResponse;
  reply?: Reply;
}

export type Handler<T> = (request: SubgraphRequest) => Promise<T>;
/** A stage does its part around `next`, the stages after it: it may answer itself, or change what comes back. */
export type Stage<T> = (request: SubgraphRequest, next: Handler<T>) => Promise<T>;

/**
 * `stages` nested around `last`, the first outermost; a falsy entry (a stage turned off by configuration) is
 * skipped. Built once per subgraph: a fetch then costs one call per stage and allocates nothing here.
 */
export function chain<T>(stages: ReadonlyArray<Stage<T> | false | undefined>, last: Handler<T>): Handler<T> {
  let handler = last;
  for (let index = stages.length - 1; index >= 0; index--) {
    const stage = stages[index];
    if (!stage) continue;
    const next = handler;
    handler = (request) => stage(request, next);
  }
  return handler;
}

/** The fetch the gateway asks for, as the stages take it. */
export function subgraphRequest(subgraph: string, options: GraphQLDataSourceProcessOptions<RouterContext>): SubgraphRequest {
  const { query, operationName, variables } = options.request;
  if (!query) throw new Error("Missing query");
  const incoming = options.kind === GraphQLDataSourceRequestKind.INCOMING_OPERATION ? options : undefined;
  const operation: SubgraphOperation = { query, operationName, variables };
  return {
    subgraph,
    operation,
    body: JSON.stringify(operation),
    incoming,
    isQuery: incoming?.incomingRequestContext.operation?.operation === "query",
    headers: { "content-type": "application/json" },
    attempts: 0,
    source: "network",
  };
}
