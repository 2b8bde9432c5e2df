// Persisted operations: automatic persisted queries (APQ, a bandwidth feature: any client may register a
// query by its hash) always, plus a trusted-documents mode that serves only the operations the storefront
// build registered in its manifest (@apollo/generate-persisted-query-manifest's format).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { ApolloServerPlugin } from "@apollo/server";
import { InMemoryLRUCache, type KeyValueCache, type KeyValueCacheSetOptions } from "@apollo/utils.keyvaluecache";
import { GraphQLError } from "graphql";
import { z } from "zod";

const manifestSchema = z.object({
  format: z.literal("apollo-persisted-query-manifest"),
  version: z.literal(1),
  operations: z.array(
    z.object({
      id: z.string().min(1),
      name: z.string(),
      type: z.enum(["query", "mutation", "subscription"]),
      body: z.string().min(1),
    }),
  ),
});

export interface TrustedDocuments {
  /** Operation body by id (the sha256 of the body, as the storefront's persisted-query link sends it). */
  byId: Map<string, string>;
  /** The registered bodies, for clients that send the full text. */
  bodies: Set<string>;
}

export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** Reads and checks a persisted-query manifest; a missing or malformed one stops the router naming the file. */
export function loadManifest(file: string): TrustedDocuments {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`Cannot read the persisted-query manifest ${file}: ${(error as Error).message}`);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`${file} is not an apollo-persisted-query-manifest v1: ${parsed.error.issues[0]?.message}`);
  }
  const byId = new Map<string, string>();
  for (const operation of parsed.data.operations) {
    byId.set(operation.id, operation.body);
    // Clients hash the body themselves; accept that id too when the manifest used custom ids.
    byId.set(sha256(operation.body), operation.body);
  }
  return { byId, bodies: new Set(parsed.data.operations.map((operation) => operation.body)) };
}

/**
 * The APQ store. Apollo Server keys it `apq:<sha256>`; manifest operations answer first, so a trusted
 * client's very first hash-only request is served without a registration round trip.
 */
export class PersistedQueryCache implements KeyValueCache<string> {
  private readonly registered = new InMemoryLRUCache<string>({ maxSize: 8 * 1024 * 1024 });
  constructor(private readonly trusted: TrustedDocuments | null) {}

  async get(key: string): Promise<string | undefined> {
    return this.trusted?.byId.get(key.replace(/^apq:/, "")) ?? this.registered.get(key);
  }
  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    await this.registered.set(key, value, options);
  }
  // biome-ignore lint/suspicious/noConfusingVoidType: KeyValueCache declares delete() as returning boolean | void.
  async delete(key: string): Promise<boolean | void> {
    return this.registered.delete(key);
  }
}

/** In trusted-documents mode, refuses every operation that is not in the manifest (before it is planned or registered). */
export function trustedDocumentsPlugin<Context extends object>(trusted: TrustedDocuments): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ source, queryHash }) {
          if (trusted.byId.has(queryHash) || trusted.bodies.has(source)) return;
          throw new GraphQLError("This router serves only the storefront's registered operations", {
            extensions: { code: "PERSISTED_QUERY_NOT_IN_LIST", http: { status: 400 } },
          });
        },
      };
    },
  };
}
