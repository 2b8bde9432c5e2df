// GraphQL over HTTP: a request error, not a 500, when the gateway cannot pick the operation to run (the rest of
// the router's GraphQL-over-HTTP fixes are express middleware: http/graphql-over-http.ts).
import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError } from "graphql";

/**
 * The gateway throws (a 500) when operationName names no operation in the document, or the document has
 * several and none is named; graphql-js answers a request error there, and so does this plugin.
 */
export function operationResolutionPlugin<Context extends object>(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, request }) {
          if (operation) return;
          const message = request.operationName
            ? `Unknown operation named "${request.operationName}".`
            : "Must provide operation name if query contains multiple operations.";
          throw new GraphQLError(message, { extensions: { code: "OPERATION_RESOLUTION_FAILURE", http: { status: 400 } } });
        },
      };
    },
  };
}
