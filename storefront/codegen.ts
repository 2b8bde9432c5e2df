// GraphQL Code Generator: typed documents for every operation in src/**/*.graphql (client preset), checked
// against the supergraph's API schema (written by scripts/write-api-schema.ts) plus the checkout stand-in.
import { existsSync } from "node:fs";
import type { CodegenConfig } from "@graphql-codegen/cli";

// Stand-in for the checkout's fields until they are in the supergraph: deleting the file is all it takes.
const checkoutStandIn = "schema/checkout-contract.graphql";

const config: CodegenConfig = {
  schema: ["schema/supergraph-api.graphql", ...(existsSync(checkoutStandIn) ? [checkoutStandIn] : [])],
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
