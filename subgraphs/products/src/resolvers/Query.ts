// Query fields owned by the products service.
import type { QueryResolvers } from "../__generated__/resolvers-types.ts";
import { CACHE_FEED_ISSUER } from "@shop/shared/identity";
import { requireService } from "@shop/shared/service-caller";
import { listProducts, requireProduct } from "../domain/catalog.ts";
import { asEntityChanges, pruneProductChangesNowAndThen, readProductChanges } from "../domain/change-feed.ts";

export const Query: QueryResolvers = {
  product: (_, { id }, { loaders }) => requireProduct((key) => loaders.product.load(key), id),
  products: (_, args, { prisma }) => listProducts(prisma, args),
  // Internal: only the router's cache poller may read the feed (and the field is @inaccessible in the graph).
  _entityChanges: async (_, { after }, { caller, prisma }) => {
    requireService(caller, CACHE_FEED_ISSUER);
    await pruneProductChangesNowAndThen(prisma);
    return asEntityChanges(await readProductChanges(prisma, after));
  },
};
