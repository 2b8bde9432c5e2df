// The normalized cache: products, orders, payments and users by id; the catalogue's pages merged per search term.
import { InMemoryCache } from "@apollo/client";
import { relayStylePagination } from "@apollo/client/utilities";

export function createCache(): InMemoryCache {
  return new InMemoryCache({
    typePolicies: {
      Query: {
        fields: {
          // "Load more" appends the next page to the list of the same search; each search keeps its own list.
          products: relayStylePagination(["search"]),
          // Staff order lists: one list per filter, "Load more" appends.
          orders: relayStylePagination(["status", "userId", "placedAfter", "placedBefore"]),
          // A product already in the cache (from the catalogue) is read from it before the network is asked.
          product: {
            read(existing, { args, toReference }) {
              return existing ?? (typeof args?.id === "string" ? toReference({ __typename: "Product", id: args.id }) : undefined);
            },
          },
          order: {
            read(existing, { args, toReference }) {
              return existing ?? (typeof args?.id === "string" ? toReference({ __typename: "Order", id: args.id }) : undefined);
            },
          },
        },
      },
      // A user's order history: "Load more" appends the next page; the deprecated list is replaced when fetched again.
      User: { fields: { orderHistory: relayStylePagination(), orders: { merge: false } } },
      OrderItem: { keyFields: false },
    },
  });
}
