// Authorization before planning, in the request path between Apollo Server and the gateway: the gateway's
// executor is wrapped, so the gateway plans and fetches only what the caller may see (filter-operation.ts) and
// the response gets null and an error where something was removed (patch-response.ts). In `reject` mode, or for a
// mutation with a root field the caller may not run, the request is refused whole and nothing is fetched.
import { createHash } from "node:crypto";
import type { ApolloGateway } from "@apollo/gateway";
import { getOrCreate } from "@shop/shared/memo";
import type { DocumentNode } from "graphql";
import type { RouterContext } from "../context.ts";
import { type FilteredOperation, filterOperation } from "./filter-operation.ts";
import { patchResponse, refusalErrors } from "./patch-response.ts";
import { type Caller, denyPolicies, type PolicyEvaluator } from "./requirements.ts";
import type { AuthorizationRules } from "./schema-rules.ts";

export type AuthorizationMode = "filter" | "reject";

type Executor = ApolloGateway["executor"];
type GatewayRequestContext = Parameters<Executor>[0];
type GatewayResult = Awaited<ReturnType<Executor>>;

export interface AuthorizationOptions {
  /** The rules of the supergraph served now; undefined before the first one loads. */
  rules: () => AuthorizationRules | undefined;
  mode: AuthorizationMode;
  policies?: PolicyEvaluator;
}

interface Prepared extends FilteredOperation {
  /** The gateway's plan cache key for the filtered document. */
  queryHash: string;
}

/**
 * Filtered operations per supergraph, document (Apollo Server hands the same parsed document to every request
 * of one query text), operation name and caller class: signed in or not, and which of the scopes the schema
 * names the caller holds. A new supergraph starts a new cache; documents that leave Apollo's document cache go.
 */
export class FilterCache {
  private readonly bySchema = new WeakMap<AuthorizationRules, WeakMap<DocumentNode, Map<string, Prepared | null>>>();

  constructor(private readonly policies: PolicyEvaluator) {}

  get(rules: AuthorizationRules, document: DocumentNode, operationName: string | null | undefined, context: RouterContext): Prepared | null {
    const byCaller = getOrCreate(
      getOrCreate(this.bySchema, rules, () => new WeakMap()),
      document,
      () => new Map(),
    );
    const scopes = context.scopes.filter((scope) => rules.scopes.has(scope)).sort();
    const key = `${operationName ?? ""}\u0000${context.userId === null ? "anonymous" : "user"}\u0000${scopes.join(" ")}`;
    let prepared = byCaller.get(key);
    if (prepared === undefined) {
      const caller: Caller = { authenticated: context.userId !== null, scopes: new Set(scopes) };
      const filtered = filterOperation(document, operationName, rules, caller, this.policies);
      prepared = filtered?.patch ? { ...filtered, queryHash: createHash("sha256").update(JSON.stringify(filtered.document)).digest("hex") } : null;
      byCaller.set(key, prepared);
    }
    return prepared;
  }
}

/** The gateway as Apollo Server sees it, enforcing the supergraph's authorization directives. */
/** What Apollo Server uses of a gateway. */
export type ServedGateway = Pick<ApolloGateway, "load" | "onSchemaLoadOrUpdate" | "stop">;

export function authorizingGateway(gateway: ServedGateway, options: AuthorizationOptions): ServedGateway {
  const cache = new FilterCache(options.policies ?? denyPolicies);

  const execute = async (requestContext: GatewayRequestContext, executor: Executor): Promise<GatewayResult> => {
    const rules = options.rules();
    const { document } = requestContext;
    if (!rules?.any || !document) return executor(requestContext);
    const prepared = cache.get(rules, document, requestContext.operationName ?? requestContext.request.operationName, requestContext.context as RouterContext);
    if (!prepared?.patch) return executor(requestContext);
    // Nothing of a refused request reaches a subgraph.
    if (options.mode === "reject" || (prepared.operation === "mutation" && prepared.rootDenied)) return { data: null, errors: refusalErrors(prepared.patch) };
    const result = prepared.nothingLeft ? { data: {} } : await executor({ ...requestContext, document: prepared.document, queryHash: prepared.queryHash });
    if (!result.data) return result;
    const patched = patchResponse(result.data, prepared.patch, requestContext.request.variables);
    const errors = [...(result.errors ?? []), ...patched.errors];
    return { ...result, data: patched.data, ...(errors.length > 0 ? { errors } : {}) };
  };

  // Only the executor changes; schema updates and stop are the gateway's own.
  return {
    load: async (...args) => {
      const loaded = await gateway.load(...args);
      return { ...loaded, executor: (requestContext) => execute(requestContext, loaded.executor) };
    },
    onSchemaLoadOrUpdate: (callback) => gateway.onSchemaLoadOrUpdate(callback),
    stop: () => gateway.stop(),
  };
}
