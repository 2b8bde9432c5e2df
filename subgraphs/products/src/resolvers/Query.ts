// Query fields owned by the products service.
import type { QueryResolvers } from "../__generated__/resolvers-types.ts";
import { CACHE_FEED_ISSUER } from "@shop/shared/identity";
import { requireService } from "@shop/shared/service-caller";
import { listProducts, requireProduct } from "../domain/catalog.ts";
import { asEntityChanges, awaitProductChanges, pruneProductChangesNowAndThen, readProductChanges } from "../domain/change-feed.ts";

export const Query: QueryResolvers = {
  product: (_, { id }, { loaders }) => requireProduct((key) => loaders.product.load(key), id),
  products: (_, args, { prisma }) => listProducts(prisma, args),
  // Internal: only the router's cache poller may read the feed (and the field is @inaccessible in the graph).
  _entityChanges: async (_, { after, waitMs }, { caller, prisma, changeNotifier }) => {
    requireService(caller, CACHE_FEED_ISSUER);
    // Push: nothing new yet, and the notifier knows the head: wait for a change without reading the table.
    const waited = await awaitProductChanges(changeNotifier, after, waitMs);
    if (waited) return waited;
    await pruneProductChangesNowAndThen(prisma);
    return asEntityChanges(await readProductChanges(prisma, after));
  },
};
