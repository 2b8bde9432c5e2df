// The last step of a subgraph fetch: one POST with undici.request() on a keep-alive pool, given up after a timeout;
// anything but a 2xx JSON answer is an error.
import { Agent, request as undiciRequest } from "undici";
import { SESSION_GRANT_HEADER } from "@shop/shared/session-transport";
import { cacheHintOf } from "../cache/subgraph-cache.ts";
import type { Handler, Reply } from "./stage.ts";

/** One keep-alive connection pool shared by every subgraph (undici keeps one pool per origin inside it). */
export function createSubgraphAgent(timeoutMs: number): Agent {
  return new Agent({ connections: 50, keepAliveTimeout: 30_000, connect: { timeout: Math.min(timeoutMs, 5_000) } });
}

export interface SendOptions {
  url: string;
  agent: Agent;
  timeoutMs: number;
}

/** Sends the request once (an attempt); the stages before it decide whether to try again. */
export function sendOverHttp({ url, agent, timeoutMs }: SendOptions): Handler<Reply> {
  return async (request) => {
    request.attempts++;
    const response = await undiciRequest(url, {
      method: "POST",
      headers: request.headers,
      body: request.body,
      dispatcher: agent,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.body.text();
    const contentType = String(response.headers["content-type"] ?? "");
    if (response.statusCode < 200 || response.statusCode >= 300 || !/json/.test(contentType)) {
      throw new Error(`${request.subgraph} answered HTTP ${response.statusCode} (${contentType || "no content type"})`);
    }
    const reply: Reply = { text, hint: cacheHintOf(response.headers["cache-control"] as string | undefined), attempts: request.attempts };
    const grant = response.headers[SESSION_GRANT_HEADER];
    if (typeof grant === "string") reply.sessionGrant = grant;
    return reply;
  };
}
