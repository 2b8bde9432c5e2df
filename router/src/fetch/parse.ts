// Where a shared reply becomes one reader's answer: each reader parses its own copy of the text, since the
// gateway writes into the responses it is given.
import type { Answer, GatewayResponse, Handler, Reply } from "./stage.ts";

export function parseReply(next: Handler<Reply>): Handler<Answer> {
  return async (request) => {
    const reply = await next(request);
    return { response: JSON.parse(reply.text) as GatewayResponse, reply };
  };
}
