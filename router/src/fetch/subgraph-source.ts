// How the gateway reaches a subgraph: a RemoteGraphQLDataSource whose fetch is the router's pipeline (pipeline.ts).
import { RemoteGraphQLDataSource } from "@apollo/gateway";
import type { GraphQLDataSourceProcessOptions } from "@apollo/gateway/dist/datasources/types.js";
import type { RouterContext } from "../context.ts";
import { type FetchPipelineOptions, fetchPipeline } from "./pipeline.ts";
import { type Answer, type GatewayResponse, type Handler, subgraphRequest } from "./stage.ts";

export class SubgraphSource extends RemoteGraphQLDataSource<RouterContext> {
  private readonly pipeline: Handler<Answer>;

  constructor(
    private readonly subgraph: string,
    options: FetchPipelineOptions,
  ) {
    super({ url: options.url });
    this.pipeline = fetchPipeline(options);
  }

  override async process(options: GraphQLDataSourceProcessOptions<RouterContext>): Promise<GatewayResponse> {
    const request = subgraphRequest(this.subgraph, options);
    const answer = await this.pipeline(request);
    // The client's response may be cached no longer, and no more widely, than each subgraph answer it holds.
    if (answer.reply) request.incoming?.incomingRequestContext.overallCachePolicy?.restrict(answer.reply.hint);
    return answer.response;
  }
}
