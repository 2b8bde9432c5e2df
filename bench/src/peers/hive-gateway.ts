// Peer "Hive Gateway": @graphql-hive/gateway-runtime serving the same composed supergraph, with its JS query
// planner, or with the Rust query planner of @graphql-hive/router-runtime when HIVE_PLANNER=rust.
// The only addition is an onFetch plugin that attaches the subgraph credential.
import { createServer } from "node:http";
import { createGatewayRuntime, type GatewayPlugin } from "@graphql-hive/gateway-runtime";
import type { BoundOperation } from "@shop/shared/identity";
import { CREDENTIAL_HEADER, peerCredential, peerEnv, userOf } from "./peer-env.ts";

const planner = process.env.HIVE_PLANNER === "rust" ? "rust" : "js";

// The bearer token is verified once per client request, however many subgraph fetches it makes.
const users = new WeakMap<Request, Promise<string | null>>();
function userOfRequest(request: Request | undefined): Promise<string | null> {
  if (!request) return Promise.resolve(null);
  let user = users.get(request);
  if (!user) {
    user = userOf(request.headers.get("authorization"));
    users.set(request, user);
  }
  return user;
}

const subgraphCredential: GatewayPlugin = {
  async onFetch({ url, options, setOptions, context }) {
    const request = "request" in context ? (context.request as Request | undefined) : undefined;
    const body = typeof options.body === "string" ? (JSON.parse(options.body) as BoundOperation) : {};
    const credential = await peerCredential(url, await userOfRequest(request), body);
    setOptions({ ...options, headers: { ...(options.headers as Record<string, string>), [CREDENTIAL_HEADER]: credential } });
  },
};

const gateway = createGatewayRuntime({
  supergraph: peerEnv.supergraphSdl,
  ...(planner === "rust" ? { unifiedGraphHandler: (await import("@graphql-hive/router-runtime")).unifiedGraphHandler } : {}),
  // The HTTP transport the @graphql-hive/gateway CLI bundles; the runtime alone must be given it.
  transports: { http: import("@graphql-mesh/transport-http") },
  // By default Hive shares one subgraph fetch among identical queries in flight, keyed on URL, body and
  // executor headers but not on headers added by onFetch: under a load of identical requests it skips most subgraph work, and
  // with per-user credentials it could hand one user's answer to another. The bench turns it off so every
  // gateway does the same subgraph work, unless HIVE_DEDUPE=true (bench flag --hive-dedupe).
  transportEntries: { "*.http": { options: { deduplicateInflightRequests: process.env.HIVE_DEDUPE === "true" } } },
  logging: "warn",
  plugins: () => [subgraphCredential],
});

const server = createServer(gateway);
server.listen(peerEnv.port, peerEnv.host, () => {
  console.error(`Hive Gateway (${planner} planner) listening on http://${peerEnv.host}:${peerEnv.port}/graphql`);
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    server.close();
    void Promise.resolve(gateway.dispose()).finally(() => process.exit(0));
  });
}
