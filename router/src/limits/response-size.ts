// A cap on the size of one response (RESPONSE_MAX_SIZE). Counted as the subgraphs' replies arrive, so a request
// whose answers pass the cap stops fetching and never assembles the rest in memory; checked once more on the bytes
// sent (an answer can outgrow its replies, e.g. one entity repeated under many parents).
import type { ApolloServerPlugin } from "@apollo/server";
import type { RequestHandler } from "express";
import { GraphQLError } from "graphql";
import type { RouterContext } from "../context.ts";
import type { Answer, Stage } from "../fetch/stage.ts";

const CODE = "RESPONSE_TOO_LARGE";
const message = (maxBytes: number) =>
  `The response would be larger than the limit of ${maxBytes} bytes; ask for smaller pages, fewer fields or fewer aliases`;

/** "4mb", "512kb" in bytes. */
export function parseSize(size: string): number {
  const match = /^(\d+)(kb|mb)$/.exec(size);
  if (!match) throw new Error(`not a size: ${size}`);
  return Number(match[1]) * (match[2] === "mb" ? 2 ** 20 : 2 ** 10);
}

/** Reply bytes each request has received so far; keyed by its context, so it goes with the request. */
const received = new WeakMap<object, number>();
const over = (context: object | undefined) => context !== undefined && (received.get(context) ?? 0) < 0;

/**
 * The fetch stage: adds each reply's size to its request's total; past the cap, marks the request and answers the
 * gateway with an error and no data, so nothing more of it is merged or fetched on from it.
 */
export function countReplyBytes(maxBytes: number): Stage<Answer> {
  return async (request, next) => {
    const context = request.incoming?.context;
    if (context && over(context)) return { response: { errors: [{ message: message(maxBytes), extensions: { code: CODE } }] } };
    const answer = await next(request);
    if (!context || !answer.reply) return answer;
    const total = (received.get(context) ?? 0) + answer.reply.text.length;
    if (total <= maxBytes) {
      received.set(context, total);
      return answer;
    }
    received.set(context, -1);
    return { response: { errors: [{ message: message(maxBytes), extensions: { code: CODE } }] } };
  };
}

/** Replaces the answer of a request marked by countReplyBytes with the one error, nothing of the partial data. */
export function responseSizePlugin(maxBytes: number): ApolloServerPlugin<RouterContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          if (!over(contextValue) || response.body.kind !== "single") return;
          response.body.singleResult = { errors: [new GraphQLError(message(maxBytes), { extensions: { code: CODE } })] };
          response.http.status = 400;
        },
      };
    },
  };
}

/** The last check, on the bytes about to be sent (mounted on the GraphQL routes before Apollo Server). */
export function capResponseBody(maxBytes: number): RequestHandler {
  return (_req, res, next) => {
    const send = res.send.bind(res);
    res.send = (body?: unknown) => {
      if (typeof body === "string" && Buffer.byteLength(body) > maxBytes) {
        res.status(400);
        res.setHeader("content-type", "application/json; charset=utf-8");
        return send(JSON.stringify({ errors: [{ message: message(maxBytes), extensions: { code: CODE } }] }));
      }
      return send(body);
    };
    next();
  };
}
