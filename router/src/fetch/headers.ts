// The headers a fetch carries besides its content type: to our own subgraphs, the caller's identity in the signed
// credential (bound to this operation, so it cannot be replayed with another) and the request id; to every
// subgraph, the W3C trace context, so its spans join the request's trace.
import { context as otelContext, propagation } from "@opentelemetry/api";
import { REQUEST_ID_HEADER } from "@shop/shared/http-server";
import { CREDENTIAL_HEADER, ROUTER_ISSUER, signCredential } from "@shop/shared/identity";
import type { Reply, Stage } from "./stage.ts";

export interface HeadersOptions {
  /**
   * Send the credential and the request id: true only for our own subgraphs, never a foreign one (trace
   * context, a W3C standard, goes to every subgraph).
   */
  forwardIdentity: boolean;
  /** The key of the router's credentials to this subgraph: credentialKey(router's key, "router", subgraph). */
  credentialKey: string;
}

export function outgoingHeaders({ forwardIdentity, credentialKey }: HeadersOptions): Stage<Reply> {
  // Health checks and schema loads have no client request: they act as nobody, with no request id.
  const withIdentity: Stage<Reply> = async (request, next) => {
    const context = request.incoming?.context;
    const caller = { issuer: ROUTER_ISSUER, userId: context?.userId ?? null, scopes: context?.scopes };
    request.headers[CREDENTIAL_HEADER] = await signCredential(credentialKey, caller, request.operation);
    if (context?.requestId) request.headers[REQUEST_ID_HEADER] = context.requestId;
    return withTraceContext(request, next);
  };
  return forwardIdentity ? withIdentity : withTraceContext;
}

/**
 * The trace context of the gateway's fetch span (a no-op unless tracing is on: see packages/shared/src/tracing.ts);
 * undici is not instrumented, hence by hand.
 */
const withTraceContext: Stage<Reply> = (request, next) => {
  propagation.inject(otelContext.active(), request.headers);
  return next(request);
};
