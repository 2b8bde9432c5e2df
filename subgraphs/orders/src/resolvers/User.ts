// The User entity as the orders service sees it: an id, plus that user's orders.
import type { UserResolvers } from "../__generated__/resolvers-types.ts";
import { orderHistoryOfUser, ordersOfUser } from "../domain/orders.ts";

export const User: UserResolvers = {
  // Users are owned by the users service: the reference carries all this subgraph needs.
  __resolveReference: ({ id }) => ({ id }),
  orders: (user, _, context) => ordersOfUser(context, user.id),
  orderHistory: (user, args, context) => orderHistoryOfUser(context, user.id, args),
};
