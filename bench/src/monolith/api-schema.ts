// The API schema the monolith serves, as a schema of this process's graphql-js.
//
// tools/schema's apiSchemaOf builds it with the CommonJS copy of graphql that @apollo/federation-internals
// loads; under a bundler-style resolver (vitest) the bench's own imports get the ESM copy, and graphql-js
// refuses types from another copy. Printing with the CommonJS copy and parsing with ours works under both.
import { createRequire } from "node:module";
import { buildSchema, type GraphQLSchema } from "graphql";
import { apiSchemaOf } from "../../../tools/schema/compose.ts";

/** The copy of graphql-js that @apollo/federation-internals and @apollo/subgraph use. */
export const federationGraphql = createRequire(import.meta.url)("graphql") as typeof import("graphql");

export function monolithApiSchema(supergraphSdl: string): GraphQLSchema {
  return buildSchema(federationGraphql.printSchema(apiSchemaOf(supergraphSdl)));
}
