// The supergraph's authorization features (@authenticated, @requiresScopes, @policy): which names they have in a
// given supergraph, and the supergraph as @apollo/gateway may load it, without them. The gateway refuses any
// supergraph that links a SECURITY feature; the router keeps the full supergraph and enforces them itself.
import { DEFAULT_SUPPORTED_SUPERGRAPH_FEATURES, FeatureUrl, type Schema, Supergraph } from "@apollo/federation-internals";
import { type DirectiveNode, Kind, parse, print, visit } from "graphql";

/** The authorization specs and the elements each defines (spec-local names: the root directive, then types). */
const AUTHORIZATION_SPECS = {
  authenticated: { identity: "https://specs.apollo.dev/authenticated", types: [] },
  requiresScopes: { identity: "https://specs.apollo.dev/requiresScopes", types: ["Scope"] },
  policy: { identity: "https://specs.apollo.dev/policy", types: ["Policy"] },
} as const;

type AuthorizationSpec = keyof typeof AUTHORIZATION_SPECS;

/** The versions the router enforces (the only ones published). */
const ENFORCED_FEATURES = Object.values(AUTHORIZATION_SPECS).map(({ identity }) => `${identity}/v0.1`);

/** What the gateway serves plus what the router enforces: anything else linked for EXECUTION or SECURITY is refused. */
const SUPPORTED_FEATURES = new Set([...DEFAULT_SUPPORTED_SUPERGRAPH_FEATURES, ...ENFORCED_FEATURES]);

/** Builds (and by default validates) a supergraph that may use the authorization features. */
export function buildSupergraph(supergraphSdl: string, validate = true): Supergraph {
  return Supergraph.build(supergraphSdl, { supportedFeatures: SUPPORTED_FEATURES, validateSupergraph: validate });
}

/** The names the authorization features have in one supergraph (a link may rename or import them). */
export interface AuthorizationNames {
  /** Directive name (without `@`) per feature the supergraph links; absent when it does not. */
  directives: Partial<Record<AuthorizationSpec, string>>;
  /** The features' own types (`requiresScopes__Scope`, `policy__Policy`, or their imported names). */
  types: Set<string>;
  /** The features' identities, to recognise their `@link`s. */
  identities: Set<string>;
}

export function authorizationNames(schema: Schema): AuthorizationNames {
  const names: AuthorizationNames = { directives: {}, types: new Set(), identities: new Set() };
  for (const [spec, { identity, types }] of Object.entries(AUTHORIZATION_SPECS) as Array<[AuthorizationSpec, (typeof AUTHORIZATION_SPECS)[AuthorizationSpec]]>) {
    const feature = schema.coreFeatures?.getByIdentity(identity);
    if (!feature) continue;
    names.identities.add(identity);
    names.directives[spec] = feature.directiveNameInSchema(spec);
    for (const type of types) names.types.add(feature.typeNameInSchema(type));
  }
  return names;
}

const linkIdentity = (directive: DirectiveNode): string | undefined => {
  if (directive.name.value !== "link") return undefined;
  const url = directive.arguments?.find((argument) => argument.name.value === "url")?.value;
  return url?.kind === Kind.STRING ? FeatureUrl.maybeParse(url.value)?.identity : undefined;
};

/**
 * The supergraph without its authorization features: their `@link`s, directive definitions, types and every
 * application of the directives. The rest is unchanged, so the gateway plans exactly the same graph. A
 * supergraph without them is returned as it is.
 */
export function gatewaySupergraph(supergraphSdl: string, names = authorizationNames(buildSupergraph(supergraphSdl, false).schema)): string {
  if (names.identities.size === 0) return supergraphSdl;
  const directives = new Set(Object.values(names.directives));
  const stripped = visit(parse(supergraphSdl), {
    Directive(node) {
      const identity = linkIdentity(node);
      if (directives.has(node.name.value) || (identity && names.identities.has(identity))) return null;
      return undefined;
    },
    DirectiveDefinition: (node) => (directives.has(node.name.value) ? null : undefined),
    ScalarTypeDefinition: (node) => (names.types.has(node.name.value) ? null : undefined),
  });
  return print(stripped);
}
