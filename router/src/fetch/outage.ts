// What the router answers for a subgraph fetch that failed (down, timed out, refused): errors placed on the
// fields that fetch was for, so the gateway keeps what the other subgraphs answered and nulls only those
// fields (to their nearest nullable parent), instead of one path-less error for the whole request.
import type { Logger } from "@shop/shared/logger";
import { type DocumentNode, Kind, parse, type SelectionSetNode } from "graphql";
import type { Answer, GatewayResponse, Stage } from "./stage.ts";

export const UNAVAILABLE_MESSAGE = "A service needed for this field is unavailable; try again shortly";

/** Response keys (alias or name) selected at the top of a selection set, looking through inline fragments. */
function responseKeys(selectionSet: SelectionSetNode | undefined): string[] {
  const keys = new Set<string>();
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind === Kind.FIELD && selection.name.value !== "__typename") keys.add(selection.alias?.value ?? selection.name.value);
    else if (selection.kind === Kind.INLINE_FRAGMENT) for (const key of responseKeys(selection.selectionSet)) keys.add(key);
  }
  return [...keys];
}

export interface OutageRequest {
  query?: string;
  variables?: Record<string, unknown>;
}

/**
 * A GraphQL response with a SERVICE_UNAVAILABLE error per field the fetch would have filled: for an entity
 * fetch, ["_entities", i, field] for each representation (the gateway maps these to the entities' paths);
 * for a root fetch, [field].
 */
export function outageResponse(request: OutageRequest, document?: DocumentNode) {
  const operation = (document ?? parse(request.query ?? "{ __typename }")).definitions.find(
    (definition) => definition.kind === Kind.OPERATION_DEFINITION,
  );
  const error = (path: Array<string | number>) => ({ message: UNAVAILABLE_MESSAGE, path, extensions: { code: "SERVICE_UNAVAILABLE" } });
  const roots = operation?.kind === Kind.OPERATION_DEFINITION ? operation.selectionSet.selections : [];
  const entities = roots.find((selection) => selection.kind === Kind.FIELD && selection.name.value === "_entities");
  if (entities?.kind === Kind.FIELD) {
    const representations = Array.isArray(request.variables?.representations) ? request.variables.representations.length : 0;
    const fields = responseKeys(entities.selectionSet);
    return { errors: Array.from({ length: representations }, (_, index) => fields.map((field) => error(["_entities", index, field]))).flat() };
  }
  return { errors: responseKeys(operation?.kind === Kind.OPERATION_DEFINITION ? operation.selectionSet : undefined).map((field) => error([field])) };
}

/**
 * A client's fetch that failed is logged in full and answered with SERVICE_UNAVAILABLE on its fields; the
 * gateway's own fetches (health checks, schema loads) fail as they are.
 */
export function answerOutages(logger: Logger): Stage<Answer> {
  return async (request, next) => {
    try {
      return await next(request);
    } catch (error) {
      const { incoming, subgraph, attempts } = request;
      if (!incoming) throw error;
      logger.error({ err: error, subgraph, requestId: incoming.context.requestId, attempts }, "subgraph fetch failed");
      return { response: outageResponse(request.operation, incoming.document) as GatewayResponse };
    }
  };
}
