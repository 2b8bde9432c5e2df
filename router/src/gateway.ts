// Builds the gateway: the supergraph it serves (composed from supergraph.yaml at start, or a pre-composed file),
// hot-reloaded when its files change, and one fetch pipeline per subgraph (fetch/).
import { ApolloGateway } from "@apollo/gateway";
import type { Logger } from "@shop/shared/logger";
import { credentialKey, ROUTER_ISSUER } from "@shop/shared/identity";
import type { Agent } from "undici";
import { authorizationRules } from "./authorization/schema-rules.ts";
import { authorizationNames, buildSupergraph, gatewaySupergraph } from "./authorization/security-features.ts";
import type { RouterCaching } from "./cache/caching.ts";
import type { RouterConfig } from "./config.ts";
import type { GrantListener } from "./fetch/session.ts";
import { SubgraphSource } from "./fetch/subgraph-source.ts";
import { type LoadedSupergraph, supergraphHook } from "./hot-reload.ts";
import type { RouterMetrics } from "./metrics.ts";
import { loadComposed, readSupergraphConfig, type SupergraphConfig } from "./supergraph.ts";
import { readSupergraphFile, routingUrl } from "./supergraph-file.ts";

export interface GatewayDeps {
  /** Subgraphs to compose (tests); without it the router serves what config.supergraph names. */
  supergraph: SupergraphConfig | undefined;
  /** `<NAME>_URL` routing URL overrides. */
  urls: NodeJS.ProcessEnv;
  agent: Agent;
  caching: RouterCaching | undefined;
  /** Told of each session grant the session subgraph sends (the session check forgets that session). */
  sessionGrants?: GrantListener | undefined;
  metrics: RouterMetrics;
  logger: Logger;
}

export interface RouterGateway {
  gateway: ApolloGateway;
  /** The supergraph served now; undefined until the first one loads. */
  current(): LoadedSupergraph | undefined;
  /** Where the supergraph comes from, for the start log. */
  origin: string;
}

export function buildGateway(config: RouterConfig, deps: GatewayDeps): RouterGateway {
  const { urls, caching, metrics, logger } = deps;
  const source = deps.supergraph ? undefined : config.supergraph;
  const read = (): Omit<LoadedSupergraph, "gatewaySdl" | "authorization"> => {
    if (!source) return loadComposed(() => deps.supergraph!);
    if (source.kind === "file") return { ...readSupergraphFile(source.file, urls), files: [source.file] };
    return loadComposed(() => readSupergraphConfig(source.configFile, urls), source.configFile);
  };
  const load = (): LoadedSupergraph => {
    const loaded = read();
    // Once per load: the gateway's copy without the authorization features, and what they ask of callers.
    const names = authorizationNames(buildSupergraph(loaded.supergraphSdl, false).schema);
    return { ...loaded, gatewaySdl: gatewaySupergraph(loaded.supergraphSdl, names), authorization: authorizationRules(loaded.supergraphSdl, names) };
  };
  let current: LoadedSupergraph | undefined;
  // @apollo/gateway reports usage to Apollo's servers and probes cloud metadata endpoints (the GCP/AWS/Azure
  // resource detectors) unless this is set: a router must not phone home on its own.
  process.env.APOLLO_TELEMETRY_DISABLED ??= "true";
  const gateway = new ApolloGateway({
    supergraphSdl: supergraphHook({
      load,
      watch: config.SUPERGRAPH_WATCH,
      // A pre-composed file may arrive after the router starts (a deployment step, a config sync).
      waitForFirst: source?.kind === "file",
      pollMs: config.SUPERGRAPH_POLL_MS,
      logger,
      metrics,
      onLoaded: (supergraph) => {
        current = supergraph;
        caching?.supergraphLoaded(supergraph);
      },
    }),
    buildService: ({ name, url }) =>
      new SubgraphSource(name, {
        // A composed supergraph already carries the overrides; a file carries the URLs it was composed with.
        url: source?.kind === "file" ? routingUrl(name, url!, urls) : url!,
        agent: deps.agent,
        timeoutMs: config.SUBGRAPH_TIMEOUT_MS,
        credentialKey: credentialKey(config.signingKey, ROUTER_ISSUER, name),
        forwardIdentity: config.ownSubgraphs.has(name),
        sessionGrants: name === config.sessionSubgraph ? deps.sessionGrants : undefined,
        retries: config.SUBGRAPH_RETRIES,
        maxResponseBytes: config.maxResponseBytes,
        cache: caching?.cache,
        dedupe: caching?.dedupe,
        adaptive: caching?.adaptive,
        metrics,
        logger,
      }),
  });
  return {
    gateway,
    current: () => current,
    origin: source ? (source.kind === "file" ? source.file : source.configFile) : "(given)",
  };
}
