// How the router talks to subgraphs: undici with keep-alive and a timeout, the caller's signed identity
// and the request id on every fetch.
import { RemoteGraphQLDataSource } from "@apollo/gateway";
import { CREDENTIAL_HEADER, signCredential } from "@shop/shared/identity";
import { REQUEST_ID_HEADER } from "@shop/shared/http-server";
import { Agent, fetch as undiciFetch } from "undici";
import type { RouterContext } from "./context.ts";

type Fetcher = RemoteGraphQLDataSource["fetcher"];

export function createFetcher(timeoutMs: number): Fetcher {
  const agent = new Agent({ connections: 50, keepAliveTimeout: 30_000, connect: { timeout: Math.min(timeoutMs, 5_000) } });
  const fetcher = (url: string, init?: Record<string, unknown>) =>
    undiciFetch(url, { ...(init as object), dispatcher: agent, signal: AbortSignal.timeout(timeoutMs) });
  return fetcher as unknown as Fetcher;
}

export class SubgraphSource extends RemoteGraphQLDataSource<RouterContext> {
  constructor(url: string, private readonly subgraphSecret: string, fetcher: Fetcher) {
    super({ url, fetcher });
  }

  override async willSendRequest({ request, context }: Parameters<NonNullable<RemoteGraphQLDataSource<RouterContext>["willSendRequest"]>>[0]) {
    if (!request.http) return;
    // Health checks and schema loading run without a request context: they act as nobody.
    const userId = context?.userId ?? null;
    request.http.headers.set(CREDENTIAL_HEADER, await signCredential(this.subgraphSecret, { issuer: "router", userId }));
    if (context?.requestId) request.http.headers.set(REQUEST_ID_HEADER, context.requestId);
  }
}
