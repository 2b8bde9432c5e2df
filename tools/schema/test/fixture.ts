// Test fixtures: a throwaway copy of the repository's schema files that a test may edit freely.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export const REPO_ROOT = path.resolve(import.meta.dirname, "../../..");

const COPIED = [
  "supergraph.yaml",
  "supergraph.graphql",
  "schema-changes.yaml",
  "subgraphs/users/src/schema.graphql",
  "subgraphs/products/src/schema.graphql",
  "subgraphs/orders/src/schema.graphql",
  "subgraphs/payments/src/schema.graphql",
  "test/operations",
];

export interface Fixture {
  root: string;
  read(file: string): string;
  write(file: string, text: string): void;
  /** Replaces `search` in `file`; throws when it is not there, so a fixture cannot silently stop applying. */
  edit(file: string, search: string | RegExp, replacement: string): void;
  remove(): void;
}

export const SDL = {
  users: "subgraphs/users/src/schema.graphql",
  products: "subgraphs/products/src/schema.graphql",
  orders: "subgraphs/orders/src/schema.graphql",
  payments: "subgraphs/payments/src/schema.graphql",
};

export function createFixture(): Fixture {
  const root = mkdtempSync(path.join(tmpdir(), "schema-check-"));
  for (const file of COPIED) cpSync(path.join(REPO_ROOT, file), path.join(root, file), { recursive: true });
  const at = (file: string) => path.join(root, file);
  return {
    root,
    read: (file) => readFileSync(at(file), "utf8"),
    write: (file, text) => {
      mkdirSync(path.dirname(at(file)), { recursive: true });
      writeFileSync(at(file), text);
    },
    edit(file, search, replacement) {
      const text = readFileSync(at(file), "utf8");
      const edited = text.replace(search, replacement);
      if (edited === text) throw new Error(`fixture edit did not apply: ${String(search)} in ${file}`);
      writeFileSync(at(file), edited);
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
