// Identical query fetches of one caller in flight at once share one request. The caller (user and scopes) is part
// of the key, so one user's private answer never reaches another; mutations are never shared. Keyed by user,
// sharing answers almost nothing for many distinct shoppers: per caller class (signed in, anonymous) it turns
// itself off when it shares (almost) nothing (cache/adaptive.ts), and anonymous fetches keep sharing.
import type { Counter } from "prom-client";
import { AdaptiveGates } from "../cache/adaptive.ts";
import type { Reply, Stage } from "./stage.ts";

/** One per subgraph: the fetches in flight now, keyed by body, user and scopes. */
export function shareInFlight(shared: Counter<"subgraph">, gates = new AdaptiveGates({ window: 0, minHitRate: 0, probeAfter: 0 })): Stage<Reply> {
  const inflight = new Map<string, Promise<Reply>>();
  const signedIn = gates.of("signed-in");
  const anonymous = gates.of("anonymous");
  return (request, next) => {
    if (!request.isQuery) return next(request);
    const caller = request.incoming?.context;
    const gate = caller?.userId ? signedIn : anonymous;
    if (!gate.use()) return next(request);
    const key = `${request.body}\n${caller?.userId ?? ""}\n${caller?.scopes.join(" ") ?? ""}`;
    const pending = inflight.get(key);
    if (pending) {
      request.source = "shared";
      gate.record(true);
      shared.inc({ subgraph: request.subgraph });
      return pending;
    }
    gate.record(false);
    const reply = next(request).finally(() => inflight.delete(key));
    inflight.set(key, reply);
    return reply;
  };
}
