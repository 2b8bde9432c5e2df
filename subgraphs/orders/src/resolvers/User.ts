// The User entity as the orders service sees it: an id, plus that user's orders.
import type { Context } from "../context.ts";
import { ordersOfUser } from "../domain/orders.ts";

interface UserReference {
  id: string;
}

export const User = {
  // Users are owned by the users service: the reference carries all this subgraph needs.
  __resolveReference: (reference: UserReference) => reference,
  orders: (user: UserReference, _: unknown, context: Context) => ordersOfUser(context, user.id),
};
