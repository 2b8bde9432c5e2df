// Identical query fetches of one caller in flight at once share one request. The caller (user and scopes) is part
// of the key, so one user's private answer never reaches another; mutations are never shared.
import type { Counter } from "prom-client";
import type { Reply, Stage } from "./stage.ts";

/** One per subgraph: the fetches in flight now, keyed by body, user and scopes. */
export function shareInFlight(shared: Counter<"subgraph">): Stage<Reply> {
  const inflight = new Map<string, Promise<Reply>>();
  return (request, next) => {
    if (!request.isQuery) return next(request);
    const caller = request.incoming?.context;
    const key = `${request.body}\n${caller?.userId ?? ""}\n${caller?.scopes.join(" ") ?? ""}`;
    const pending = inflight.get(key);
    if (pending) {
      request.source = "shared";
      shared.inc({ subgraph: request.subgraph });
      return pending;
    }
    const reply = next(request).finally(() => inflight.delete(key));
    inflight.set(key, reply);
    return reply;
  };
}
