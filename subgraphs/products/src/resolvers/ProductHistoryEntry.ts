// One audit row of a product as staff read it: the instant in ISO 8601, the details as JSON text.
import type { ProductHistoryEntryResolvers } from "../__generated__/resolvers-types.ts";

export const ProductHistoryEntry: ProductHistoryEntryResolvers = {
  createdAt: (entry) => entry.createdAt.toISOString(),
  details: (entry) => JSON.stringify(entry.details),
};
