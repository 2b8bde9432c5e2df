// GraphQL Code Generator: typed documents for every operation in src/**/*.graphql (client preset), checked
// against the supergraph's API schema (written by scripts/write-api-schema.ts) plus the checkout stand-in.
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: ["schema/supergraph-api.graphql", "schema/checkout-contract.graphql"],
  documents: ["src/**/*.graphql"],
  ignoreNoDocuments: false,
  generates: {
    "src/gql/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: { useTypeImports: true, enumsAsTypes: true, skipTypename: false, avoidOptionals: false },
    },
  },
};

export default config;
